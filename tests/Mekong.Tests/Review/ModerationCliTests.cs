using Mekong.Review.Classifier;

namespace Mekong.Tests.Review;

public sealed class ModerationCliTests : IDisposable
{
    private readonly string directory = TempDirectory.Create();

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public async Task Eval_prints_precision_recall_f1_and_confusion_matrices_for_rules_classifier_and_both()
    {
        var data = Write("all.csv", SyntheticModerationData.Csv(SyntheticModerationData.Training()));
        var terms = Write("terms.txt", "# a tiny keyword list\nidiot\n傻逼\n\nbodoh\n");
        var output = new StringWriter();

        var exit = await ModerationCli.RunAsync(["eval", "moderation", "--data", data, "--split", "0.75", "--seed", "3", "--terms", terms], output);

        var text = output.ToString();
        Assert.True(exit == 0, text);
        Assert.Contains("eval moderation: category 'abuse', 108 rows", text, StringComparison.Ordinal);
        Assert.Contains("rules: 3 terms from", text, StringComparison.Ordinal);
        Assert.Matches(@"\s+precision\s+recall\s+F1\s+accuracy\n", text);
        Assert.Matches(@"rules only\s+1\.000\s+0\.\d{3}\s+0\.\d{3}\s+0\.\d{3}\n", text); // keywords never fire on clean rows
        Assert.Matches(@"classifier only\s+\d\.\d{3}\s+\d\.\d{3}\s+\d\.\d{3}", text);
        Assert.Matches(@"combined \(either\)\s+\d\.\d{3}\s+1\.000\s+\d\.\d{3}", text); // every positive has a learned word
        Assert.Contains("confusion matrices (rows: actual, columns: predicted)", text, StringComparison.Ordinal);
        Assert.Equal(3, CountOf(text, "  actual +"));
        Assert.Equal(3, CountOf(text, "  actual -"));
    }

    [Fact]
    public async Task Train_writes_a_model_that_eval_then_loads_with_site_rules_plugged_in()
    {
        var train = Write("train.csv", SyntheticModerationData.Csv(SyntheticModerationData.Training()));
        var heldOut = SyntheticModerationData.HeldOutPositives().Select(t => LabeledText.For(ModerationCategories.Abuse, t, true))
            .Concat(SyntheticModerationData.HeldOutNegatives().Select(t => LabeledText.For(ModerationCategories.Abuse, t, false)));
        var test = Write("test.csv", SyntheticModerationData.Csv(heldOut));
        var models = Path.Combine(directory, "models");
        var output = new StringWriter();

        var trainExit = await ModerationCli.RunAsync(["moderation", "train", "--data", train, "--out", models], output);
        var evalExit = await ModerationCli.RunAsync(
            ["eval", "moderation", "--data", test, "--model", models],
            output,
            new ModerationCliSeams { Rules = text => text.Contains("gago", StringComparison.Ordinal), RulesName = "test rules" });

        var text = output.ToString();
        Assert.True(trainExit == 0 && evalExit == 0, text);
        Assert.Contains("training data: " + train + ", 432 rows (216 positive, 216 negative) for 'abuse'", text, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(models, "moderation-abuse.zip")));
        Assert.Contains("classifier: loaded from " + models, text, StringComparison.Ordinal);
        Assert.Contains("rules: test rules", text, StringComparison.Ordinal);
        Assert.Matches(@"classifier only\s+1\.000\s+1\.000\s+1\.000\s+1\.000", text);
        Assert.Matches(@"rules only\s+1\.000\s+0\.056", text); // 1 of the 18 held-out positives says gago
    }

    [Fact]
    public async Task Eval_can_train_on_a_separate_file()
    {
        var train = Write("train.csv", SyntheticModerationData.Csv(SyntheticModerationData.Training()));
        var output = new StringWriter();

        var exit = await ModerationCli.RunAsync(["eval", "moderation", "--data", train, "--train", train, "--threshold", "auto", "--l2", "auto"], output);

        Assert.Equal(0, exit);
        Assert.Matches(@"classifier: threshold 0\.\d{3} \(auto: best F1 on 86 held-out training rows\)", output.ToString());
        Assert.Contains("classifier: trained on " + train + " (432 rows)", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("rules: none (pass --terms FILE)", output.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "the file is empty")]
    [InlineData("text,label\n", "the file has a header but no rows")]
    [InlineData("body,label\nidiot,1\nfriend,0\n", "line 1: no text column 'text'")]
    [InlineData("text,verdict\nidiot,1\nfriend,0\n", "line 1: no label column 'label'")]
    [InlineData("text,label\nidiot,1\nfriend,0\nmoron,2\n", "line 4: label '2' in column 'label' is neither positive (1) nor negative (0)")]
    [InlineData("text,label\nidiot,0\nfriend,0\n", "category 'abuse' has no positive rows (2 negative)")]
    [InlineData("text,label\nidiot,1\nmoron,1\n", "category 'abuse' has no negative rows (2 positive)")]
    public async Task Train_refuses_a_bad_file_names_the_problem_and_writes_nothing(string csv, string message)
    {
        var data = Write("bad.csv", csv);
        var models = Path.Combine(directory, "models");
        var output = new StringWriter();

        var exit = await ModerationCli.RunAsync(["moderation", "train", "--data", data, "--out", models], output);

        Assert.Equal(2, exit);
        Assert.Contains($"refused {data}: nothing was trained or written.", output.ToString(), StringComparison.Ordinal);
        Assert.Contains(message, output.ToString(), StringComparison.Ordinal);
        Assert.False(Directory.Exists(models));
    }

    [Fact]
    public async Task A_refused_retraining_leaves_the_previous_model_as_it_was()
    {
        var models = Path.Combine(directory, "models");
        var good = Write("good.csv", SyntheticModerationData.Csv(SyntheticModerationData.Training()));
        var bad = Write("bad.csv", "text,label\nidiot,1\nfriend,0\nmoron,maybe\n");
        Assert.Equal(0, await ModerationCli.RunAsync(["moderation", "train", "--data", good, "--out", models], TextWriter.Null));
        var before = Directory.GetFiles(models).ToDictionary(f => f, File.ReadAllBytes, StringComparer.Ordinal);

        var exit = await ModerationCli.RunAsync(["moderation", "train", "--data", bad, "--out", models], TextWriter.Null);

        Assert.Equal(2, exit);
        Assert.Equal(before.Keys.Order(StringComparer.Ordinal), Directory.GetFiles(models).Order(StringComparer.Ordinal));
        Assert.All(before, file => Assert.Equal(file.Value, File.ReadAllBytes(file.Key)));
    }

    [Theory]
    [InlineData(new[] { "moderation", "fly" }, "unknown command: moderation fly")]
    [InlineData(new[] { "moderation", "train" }, "--data is required")]
    [InlineData(new[] { "moderation", "train", "--data", "x.csv", "--colour", "red" }, "unknown option --colour")]
    [InlineData(new[] { "moderation", "train", "--data" }, "--data needs a value")]
    [InlineData(new[] { "moderation", "train", "--data", "x.csv", "--category", "politics" }, "unknown category 'politics' (known: abuse, hate, sexual, spam)")]
    [InlineData(new[] { "eval", "moderation", "--data", "x.csv", "--split", "1.5" }, "--split must be a number from 0.01 to 0.99, not '1.5'")]
    [InlineData(new[] { "eval", "moderation", "--data", "x.csv", "--split", "0.5", "--train", "y.csv" }, "give one of --train, --split and --model")]
    [InlineData(new[] { "eval", "moderation", "--data", "x.csv", "--threshold", "auto" }, "--threshold auto needs training rows to choose it on: give --train or --split")]
    public async Task Bad_usage_is_answered_with_the_reason_and_the_usage(string[] args, string message)
    {
        var output = new StringWriter();

        var exit = await ModerationCli.RunAsync(args, output);

        Assert.Equal(2, exit);
        Assert.StartsWith(message + Environment.NewLine, output.ToString(), StringComparison.Ordinal);
        Assert.Contains("usage:", output.ToString(), StringComparison.Ordinal);
    }

    private string Write(string name, string content)
    {
        var path = Path.Combine(directory, name);
        File.WriteAllText(path, content);
        return path;
    }

    private static int CountOf(string text, string part) =>
        (text.Length - text.Replace(part, "", StringComparison.Ordinal).Length) / part.Length;
}
