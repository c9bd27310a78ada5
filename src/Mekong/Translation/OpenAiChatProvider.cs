using System.ClientModel;
using System.ClientModel.Primitives;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.AI;
using OpenAI;

namespace Mekong.Translation;

/// <summary>
/// Any OpenAI-compatible chat-completions endpoint (Qwen, DeepSeek, Hunyuan, OpenAI, vLLM, Ollama, llama.cpp
/// server) through Microsoft.Extensions.AI. Glossary entries become constraints in the system prompt.
/// </summary>
public sealed class OpenAiChatProvider : ITranslationProvider
{
    private readonly IChatClient _client;

    public OpenAiChatProvider(ProviderSettings settings, TimeSpan timeout)
    {
        Model = settings.ModelName;
        var options = new OpenAIClientOptions
        {
            Endpoint = new Uri(settings.Endpoint!),
            NetworkTimeout = timeout,
            // Retries, backoff and the breaker are ours (TranslationGateway): the SDK must not retry on its own.
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
        };
        var key = string.IsNullOrWhiteSpace(settings.ApiKey) ? "none" : settings.ApiKey;
        _client = new OpenAIClient(new ApiKeyCredential(key), options).GetChatClient(Model).AsIChatClient();
    }

    public string Name => ProviderSettings.OpenAi;

    public string Model { get; }

    /// <summary>Longer texts go to the model in paragraph-aligned pieces of at most this many characters.</summary>
    public const int ChunkChars = 6000;

    public async Task<string> TranslateAsync(TranslationRequest request, CancellationToken ct)
    {
        var chunks = Chunks(request.Text);
        if (chunks.Count == 1)
        {
            return await TranslateChunkAsync(request, ct);
        }

        // Each piece carries only the glossary constraints whose source term it contains.
        var pieces = new List<string>(chunks.Count);
        foreach (var chunk in chunks)
        {
            var constraints = request.Constraints.Where(c => chunk.Contains(c.SourceTerm, StringComparison.Ordinal)).ToList();
            pieces.Add(await TranslateChunkAsync(request with { Text = chunk, Constraints = constraints }, ct));
        }

        return string.Join("\n\n", pieces);
    }

    /// <summary>Splits at paragraph breaks; a paragraph longer than a chunk is cut at the chunk size.</summary>
    public static IReadOnlyList<string> Chunks(string text)
    {
        if (text.Length <= ChunkChars)
        {
            return [text];
        }

        var chunks = new List<string>();
        var current = new StringBuilder();
        foreach (var paragraph in text.Split("\n\n"))
        {
            for (var at = 0; at < Math.Max(1, paragraph.Length); at += ChunkChars)
            {
                var part = paragraph.Substring(at, Math.Min(ChunkChars, paragraph.Length - at));
                if (current.Length > 0 && current.Length + 2 + part.Length > ChunkChars)
                {
                    chunks.Add(current.ToString());
                    current.Clear();
                }

                current.Append(current.Length > 0 ? "\n\n" : "").Append(part);
            }
        }

        if (current.Length > 0)
        {
            chunks.Add(current.ToString());
        }

        return chunks;
    }

    private async Task<string> TranslateChunkAsync(TranslationRequest request, CancellationToken ct)
    {
        List<ChatMessage> messages = [new(ChatRole.System, SystemPrompt(request)), new(ChatRole.User, request.Text)];
        ChatResponse response;
        try
        {
            response = await _client.GetResponseAsync(messages, new ChatOptions { Temperature = 0 }, ct);
        }
        catch (ClientResultException e)
        {
            throw new ProviderException($"The chat endpoint answered {e.Status}.", e.Status is 0 or 408 or 429 or >= 500, e);
        }

        var text = Clean(response.Text);
        return text.Length == 0 ? throw new ProviderException("The chat endpoint sent an empty translation.", transient: true) : text;
    }

    /// <summary>
    /// What chat models add despite the instruction: a reasoning block (<c>&lt;think&gt;…&lt;/think&gt;</c>, as Qwen3 and
    /// DeepSeek-R1 send) and quotation marks around the whole answer.
    /// </summary>
    public static string Clean(string? reply)
    {
        var text = (reply ?? "").Trim();
        var think = text.IndexOf("</think>", StringComparison.Ordinal);
        if (text.StartsWith("<think>", StringComparison.Ordinal) && think >= 0)
        {
            text = text[(think + "</think>".Length)..].Trim();
        }

        foreach (var (open, close) in new[] { ('"', '"'), ('“', '”'), ('「', '」') })
        {
            if (text.Length >= 2 && text[0] == open && text[^1] == close && text.IndexOf(close, 1) == text.Length - 1)
            {
                text = text[1..^1].Trim();
            }
        }

        return text;
    }

    /// <summary>Source and target language, the glossary constraints, and "the translation only".</summary>
    public static string SystemPrompt(TranslationRequest request)
    {
        var source = LanguageNames.English(request.SourceLanguage);
        var target = LanguageNames.English(request.TargetLanguage);
        var prompt = new StringBuilder()
            .Append("You translate posts and comments for Mekong, a cultural-exchange community of China and Southeast Asia. ")
            .Append(CultureInfo.InvariantCulture, $"Translate the user's message from {source} ({request.SourceLanguage}) into {target} ({request.TargetLanguage}). ")
            .Append("Keep the Markdown formatting, line breaks, names, hashtags and links. ")
            .Append("Reply with the translation only: no explanation, no notes, no quotation marks around it.");
        if (request.Constraints.Count > 0)
        {
            prompt.Append("\n\nGlossary of culture-bound terms — use these target terms exactly:");
            foreach (var c in request.Constraints)
            {
                prompt.Append(CultureInfo.InvariantCulture, $"\n- translate \"{c.SourceTerm}\" as \"{c.TargetPreferred}\"");
                if (c.TargetAllowed.Count > 0)
                {
                    prompt.Append(CultureInfo.InvariantCulture, $"; allowed: {string.Join(", ", c.TargetAllowed.Select(a => $"\"{a}\""))}");
                }

                if (!string.IsNullOrWhiteSpace(c.Note))
                {
                    prompt.Append(CultureInfo.InvariantCulture, $"; note: {c.Note}");
                }
            }
        }

        if (request.Insist && request.Constraints.Count > 0)
        {
            prompt.Append("\n\nIMPORTANT: a previous translation ignored the glossary. Every glossary term above MUST appear in the ")
                .Append(CultureInfo.InvariantCulture, $"translation in its {target} form ({string.Join(", ", request.Constraints.Select(c => $"\"{c.TargetPreferred}\""))}); ")
                .Append("do not paraphrase, transliterate or explain these terms.");
        }

        return prompt.ToString();
    }
}
