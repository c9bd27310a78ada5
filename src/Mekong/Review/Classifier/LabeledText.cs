namespace Mekong.Review.Classifier;

/// <summary>
/// One training example: a text and, for each category it was judged on, whether it belongs there. A category
/// missing from <see cref="Labels"/> is unknown for this text (not negative), so a row labeled only for spam does
/// not teach the abuse model anything.
/// </summary>
/// <param name="Text">The text as written.</param>
/// <param name="Labels">Category → whether the text belongs to it.</param>
/// <param name="Line">Where the row came from (1-based line in its file), for messages; 0 when not from a file.</param>
/// <param name="Weight">How much the example counts in training; site decisions may count more than the base set.</param>
public sealed record LabeledText(string Text, IReadOnlyDictionary<string, bool> Labels, int Line = 0, float Weight = 1f)
{
    /// <summary>A row labeled for a single category.</summary>
    public static LabeledText For(string category, string text, bool positive, int line = 0, float weight = 1f) =>
        new(text, new Dictionary<string, bool>(StringComparer.Ordinal) { [category] = positive }, line, weight);
}

/// <summary>A problem found in training data; <see cref="Line"/> is 0 when it concerns the data as a whole.</summary>
public sealed record DataProblem(int Line, string Message)
{
    public override string ToString() => Line > 0
        ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"line {Line}: {Message}")
        : Message;
}

/// <summary>
/// Thrown when training is asked to run on data that fails validation; nothing has been trained or written.
/// Callers that want messages instead of an exception run <see cref="ModerationTrainer.Validate"/> first.
/// </summary>
public sealed class InvalidTrainingDataException : Exception
{
    public InvalidTrainingDataException(IReadOnlyList<DataProblem> problems)
        : base("Training data refused: " + string.Join("; ", problems.Take(5)) + (problems.Count > 5 ? $" (and {problems.Count - 5} more)" : ""))
    {
        Problems = problems;
    }

    public InvalidTrainingDataException()
        : this([])
    {
    }

    public InvalidTrainingDataException(string message)
        : this([new DataProblem(0, message)])
    {
    }

    public InvalidTrainingDataException(string message, Exception innerException)
        : base(message, innerException)
    {
        Problems = [new DataProblem(0, message)];
    }

    public IReadOnlyList<DataProblem> Problems { get; }
}
