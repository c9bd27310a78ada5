using System.Text;
using Mekong.Review.Classifier;

namespace Mekong.Tests.Review;

/// <summary>
/// A small labeled set in six of the region's languages: the same sentence frames filled with an insult (positive)
/// or a harmless word (negative), so a model must learn the words, not the frames. Held-out sentences use frames
/// the training set never shows.
/// </summary>
internal static class SyntheticModerationData
{
    private sealed record Language(string[] Frames, string[] HeldOutFrames, string[] Insults, string[] Harmless);

    private static readonly Language[] Languages =
    [
        new(["你真是个{0}", "我觉得他就是{0}", "那个{0}又来了"], ["大家都说你是{0}"], ["傻逼", "脑残", "废物"], ["好人", "老师", "朋友"]),
        new(["คุณเป็น{0}จริงๆ", "เขาคือ{0}", "{0}มาอีกแล้ว"], ["ทุกคนบอกว่าคุณเป็น{0}"], ["ควาย", "ไอ้โง่", "อีดอก"], ["ครู", "เพื่อน", "คนดี"]),
        new(["mày là {0} thật", "thằng đó đúng là {0}", "{0} lại đến rồi"], ["ai cũng bảo mày là {0}"], ["đồ ngu", "óc chó", "thằng khốn"], ["bạn tốt", "giáo viên", "người hiền"]),
        new(["you are such a {0}", "honestly he is a {0}", "that {0} is back again"], ["everyone says you are a {0}"], ["idiot", "moron", "loser"], ["friend", "teacher", "neighbour"]),
        new(["kamu memang {0}", "dia itu {0}", "si {0} datang lagi"], ["semua bilang kamu {0}"], ["bodoh", "goblok", "bangsat"], ["baik", "guru", "teman"]),
        new(["ikaw ay {0} talaga", "siya ay {0}", "nandito na naman ang {0}"], ["sabi nila ikaw ay {0}"], ["tanga", "gago", "bobo"], ["mabait", "guro", "kaibigan"]),
    ];

    private static readonly string[] Endings = ["", "!", " 😀", " ..."];

    /// <summary>432 rows, half positive, labeled for <paramref name="category"/>.</summary>
    public static List<LabeledText> Training(string category = ModerationCategories.Abuse)
    {
        var rows = new List<LabeledText>();
        foreach (var language in Languages)
        {
            foreach (var frame in language.Frames)
            {
                foreach (var ending in Endings)
                {
                    rows.AddRange(language.Insults.Select(w => LabeledText.For(category, Fill(frame, w) + ending, true)));
                    rows.AddRange(language.Harmless.Select(w => LabeledText.For(category, Fill(frame, w) + ending, false)));
                }
            }
        }

        return rows;
    }

    public static IEnumerable<string> HeldOutPositives() =>
        Languages.SelectMany(l => l.HeldOutFrames.SelectMany(f => l.Insults.Select(w => Fill(f, w))));

    public static IEnumerable<string> HeldOutNegatives() =>
        Languages.SelectMany(l => l.HeldOutFrames.SelectMany(f => l.Harmless.Select(w => Fill(f, w))));

    /// <summary>The rows as a CSV file with a BOM and quoting, the way spreadsheets export them.</summary>
    public static string Csv(IEnumerable<LabeledText> rows, string category = ModerationCategories.Abuse)
    {
        var csv = new StringBuilder("\uFEFFid,text,label\n");
        var id = 0;
        foreach (var row in rows)
        {
            csv.Append(id++).Append(',').Append(Quote(row.Text)).Append(',').Append(row.Labels[category] ? '1' : '0').Append('\n');
        }

        return csv.ToString();
    }

    public static string Quote(string field) => "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static string Fill(string frame, string word) => frame.Replace("{0}", word, StringComparison.Ordinal);
}
