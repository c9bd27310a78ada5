using System.Buffers.Text;

namespace Mekong.Platform.Http;

/// <summary>One page of a list, newest first, with the opaque cursor of the next page (null at the end).</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? NextCursor);

/// <summary>
/// Cursors are the last item's UUIDv7 id, base64url-encoded: ids sort by creation time on every database,
/// so "after this cursor" is one indexed range scan and pages never shift when new items arrive.
/// </summary>
public static class Cursor
{
    public static string Encode(Guid id) => Base64Url.EncodeToString(id.ToByteArray(bigEndian: true));

    public static bool TryDecode(string? cursor, out Guid? id)
    {
        id = null;
        if (string.IsNullOrEmpty(cursor))
        {
            return true;
        }

        // DecodeFromChars reports invalid characters as a status; the Try… variants throw on them.
        Span<byte> bytes = stackalloc byte[18];
        if (cursor.Length != 22
            || Base64Url.DecodeFromChars(cursor, bytes, out var consumed, out var written) != System.Buffers.OperationStatus.Done
            || consumed != cursor.Length || written != 16)
        {
            return false;
        }

        id = new Guid(bytes[..16], bigEndian: true);
        return true;
    }

    /// <summary>A cursor over a text key (e.g. a glossary concept id), opaque like the others.</summary>
    public static string EncodeText(string key) => Base64Url.EncodeToString(System.Text.Encoding.UTF8.GetBytes(key));

    public static bool TryDecodeText(string? cursor, out string? key)
    {
        key = null;
        if (string.IsNullOrEmpty(cursor))
        {
            return true;
        }

        if (cursor.Length > 512)
        {
            return false;
        }

        var bytes = new byte[Base64Url.GetMaxDecodedLength(cursor.Length)];
        if (Base64Url.DecodeFromChars(cursor, bytes, out var consumed, out var written) != System.Buffers.OperationStatus.Done || consumed != cursor.Length)
        {
            return false;
        }

        try
        {
            key = new System.Text.UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes, 0, written);
        }
        catch (System.Text.DecoderFallbackException)
        {
            return false;
        }

        return key.Length > 0;
    }

    /// <summary>
    /// The page size asked for, or the default. Values outside 1..<see cref="Limits.MaxPageSize"/> never reach here:
    /// <see cref="RequestLimits"/> answers them with a 400 naming <c>limit</c> on every API list.
    /// </summary>
    public static int Size(int? limit) => Math.Clamp(limit ?? Limits.DefaultPageSize, 1, Limits.MaxPageSize);

    public static Page<T> ToPage<T>(List<T> rowsPlusOne, int size, Func<T, Guid> id)
    {
        if (rowsPlusOne.Count <= size)
        {
            return new Page<T>(rowsPlusOne, null);
        }

        rowsPlusOne.RemoveAt(rowsPlusOne.Count - 1);
        return new Page<T>(rowsPlusOne, Encode(id(rowsPlusOne[^1])));
    }
}
