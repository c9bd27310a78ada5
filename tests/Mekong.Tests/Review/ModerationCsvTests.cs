using Mekong.Review.Classifier;

namespace Mekong.Tests.Review;

public sealed class ModerationCsvTests
{
    [Fact]
    public void Reads_a_bom_quoted_commas_doubled_quotes_and_line_breaks_and_keeps_line_numbers()
    {
        const string Csv = "\uFEFF,split,label,TEXT\r\n"
            + "1,train,1,\"你是傻逼, \"\"真的\"\"\"\r\n"
            + "2,train,0,\"first line\nsecond line\"\r\n"
            + "3,train,9,after the break\r\n";

        var data = ModerationCsv.Parse(new StringReader(Csv), new CsvLabelSpec { TextColumn = "text" });

        var problem = Assert.Single(data.Problems);
        Assert.Equal("line 5: label '9' in column 'label' is neither positive (1) nor negative (0)", problem.ToString());
        Assert.Empty(data.Rows); // a file with a problem gives no rows at all

        var good = ModerationCsv.Parse(new StringReader(Csv.Replace(",9,", ",0,", StringComparison.Ordinal)), new CsvLabelSpec { TextColumn = "text" });
        Assert.True(good.IsValid);
        Assert.Equal(["你是傻逼, \"真的\"", "first line\nsecond line", "after the break"], good.Rows.Select(r => r.Text));
        Assert.Equal([true, false, false], good.Rows.Select(r => r.Labels[ModerationCategories.Abuse]));
        Assert.Equal([2, 3, 5], good.Rows.Select(r => r.Line));
    }

    [Fact]
    public void Reads_vihos_offset_spans_as_labels()
    {
        const string Csv = ",content,index_spans\n0,Dừa lắm :)),[]\n1,Bấp bênh vl thế,\"[9, 10]\"\n";

        var data = ModerationCsv.Parse(new StringReader(Csv), new CsvLabelSpec { TextColumn = "content", LabelColumn = "index_spans", Format = LabelFormat.Spans });

        Assert.True(data.IsValid);
        Assert.Equal([false, true], data.Rows.Select(r => r.Labels[ModerationCategories.Abuse]));
    }

    [Fact]
    public void Several_label_values_can_mean_positive()
    {
        const string Csv = "class,tweet\n0,a\n1,b\n2,c\n";

        var data = ModerationCsv.Parse(new StringReader(Csv), new CsvLabelSpec
        {
            TextColumn = "tweet",
            LabelColumn = "class",
            Category = ModerationCategories.Hate,
            PositiveValues = ["0", "1"],
            NegativeValues = ["2"],
        });

        Assert.Equal([true, true, false], data.Rows.Select(r => r.Labels[ModerationCategories.Hate]));
    }

    [Theory]
    [InlineData("", "the file is empty (no header, no rows)")]
    [InlineData("text,label\n", "the file has a header but no rows")]
    [InlineData("body,label\nhi,1\n", "line 1: no text column 'text' in the header (columns: 'body', 'label')")]
    [InlineData("text,class\nhi,1\n", "line 1: no label column 'label' in the header (columns: 'text', 'class')")]
    [InlineData("text,label\nhi,1\nho,yes\n", "line 3: label 'yes' in column 'label' is neither positive (1) nor negative (0)")]
    [InlineData("text,label\nhi,1\nho\n", "line 3: 1 fields where the header has 2")]
    [InlineData("text,label\nhi,1\n\"ho,0\n", "line 3: a quoted field is not closed before the end of the file")]
    [InlineData("text,label\nhi,1\n  ,0\n", "line 3: text in column 'text' is empty")]
    public void A_broken_file_is_refused_with_the_line_and_the_reason(string csv, string message)
    {
        var data = ModerationCsv.Parse(new StringReader(csv), new CsvLabelSpec());

        Assert.False(data.IsValid);
        Assert.Empty(data.Rows);
        Assert.Equal(message, data.Problems[0].ToString());
    }

    [Fact]
    public void A_spans_column_that_is_not_a_list_of_offsets_is_refused()
    {
        var data = ModerationCsv.Parse(new StringReader("content,index_spans\nhi,\"[1, x]\"\n"), new CsvLabelSpec { TextColumn = "content", LabelColumn = "index_spans", Format = LabelFormat.Spans });

        Assert.Equal("line 2: label '[1, x]' in column 'index_spans' has 'x', which is not an offset", Assert.Single(data.Problems).ToString());
    }

    [Fact]
    public void A_file_that_is_not_utf8_or_not_there_is_refused()
    {
        var directory = TempDirectory.Create();
        try
        {
            var latin1 = Path.Combine(directory, "latin1.csv");
            File.WriteAllBytes(latin1, [.. "text,label\n"u8, 0x63, 0x61, 0x66, 0xE9, .. ",1\n"u8]);

            Assert.Equal($"{latin1} is not valid UTF-8 text", Assert.Single(ModerationCsv.Load(latin1, new CsvLabelSpec()).Problems).Message);
            Assert.StartsWith("file not found", Assert.Single(ModerationCsv.Load(Path.Combine(directory, "missing.csv"), new CsvLabelSpec()).Problems).Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void Many_problems_are_listed_up_to_a_limit_and_then_counted()
    {
        var csv = "text,label\n" + string.Concat(Enumerable.Repeat("hi,7\n", ModerationCsv.MaxListedProblems + 10));

        var data = ModerationCsv.Parse(new StringReader(csv), new CsvLabelSpec());

        Assert.Equal(ModerationCsv.MaxListedProblems + 1, data.Problems.Count);
        Assert.Equal("… and 10 more problems", data.Problems[^1].Message);
    }
}
