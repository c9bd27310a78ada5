using System.Globalization;
using System.Text;

namespace Mekong.Text.Tests;

/// <summary>
/// The watched terms of the obfuscation suite: mild insults, slurs and spam phrases of the kind a real
/// moderation list holds, in the platform's languages. Each has a context sentence in its language that places it
/// the way people write it ({0} is replaced by the term or a variant).
/// </summary>
internal static class ObfuscationSuite
{
    internal sealed record SuiteTerm(int Id, string Language, string Text, string Context,
        TermOptions Options = TermOptions.None, string? Traditional = null);

    public static readonly SuiteTerm[] Terms =
    [
        // English
        new(1, "en", "idiot", "you are such an {0} and everyone knows it"),
        new(2, "en", "moron", "only a {0} would post this"),
        new(3, "en", "bitch", "shut up {0}"),
        new(4, "en", "asshole", "what an {0} move, seriously"),
        new(5, "en", "shit", "this is {0} content"),
        new(6, "en", "fuck", "oh {0} off already"),
        new(7, "en", "bastard", "that {0} stole my bike"),
        new(8, "en", "dumbass", "stop being a {0} online"),
        new(9, "en", "cunt", "he called her a {0} in the chat"),
        new(10, "en", "buy followers", "{0} cheap at my link"),
        // Indonesian
        new(11, "id", "bangsat", "dasar {0} kamu"),
        new(12, "id", "bajingan", "orang itu {0} sekali"),
        new(13, "id", "goblok", "kamu {0} banget sih"),
        new(14, "id", "tolol", "jangan {0} dong"),
        new(15, "id", "kontol", "mulutnya bilang {0} terus"),
        // Malay
        new(16, "ms", "sial", "{0} betul budak ni"),
        new(17, "ms", "bodoh", "kau ni {0} ke apa"),
        new(18, "ms", "babi", "dasar {0} kau"),
        // Filipino
        new(19, "fil", "gago", "ang {0} mo talaga"),
        new(20, "fil", "tanga", "ang {0} naman niya"),
        new(21, "fil", "putang ina", "{0} mo ka"),
        new(22, "fil", "tarantado", "ikaw ay {0}"),
        new(23, "fil", "bobo", "sobrang {0} ng sagot mo"),
        // Vietnamese
        new(24, "vi", "địt mẹ", "{0} mày", TermOptions.MatchUnaccented),
        new(25, "vi", "đồ ngu", "mày là {0} à"),
        new(26, "vi", "đồ chó", "cút đi {0}"),
        new(27, "vi", "đĩ", "con {0} kia"),
        new(28, "vi", "cặc", "nói cái {0} gì vậy"),
        new(29, "vi", "mẹ mày", "{0} chứ"),
        // Chinese (Simplified term; the Traditional form is a variant)
        new(30, "zh", "傻逼", "你是{0}吗", Traditional: "傻逼"),
        new(31, "zh", "白痴", "你这个{0}", Traditional: "白癡"),
        new(32, "zh", "贱人", "你這個{0}", Traditional: "賤人"),
        new(33, "zh", "他妈的", "{0}真烦", Traditional: "他媽的"),
        new(34, "zh", "脑残", "真是{0}啊", Traditional: "腦殘"),
        new(35, "zh", "滚蛋", "快{0}吧", Traditional: "滾蛋"),
        new(36, "zh", "神经病", "你有{0}吧", Traditional: "神經病"),
        new(37, "zh", "加微信", "{0}领红包", Traditional: "加微信"),
        new(38, "zh", "代开发票", "专业{0}", Traditional: "代開發票"),
        new(39, "zh", "操你妈", "{0}的", Traditional: "操你媽"),
        new(40, "zh", "狗杂种", "你这个{0}", Traditional: "狗雜種"),
        // Thai
        new(41, "th", "ไอ้ควาย", "แกมัน{0}จริงๆ"),
        new(42, "th", "เหี้ย", "ไอ้{0}เอ๊ย"),
        new(43, "th", "ตอแหล", "พี่{0}มาก"),
        new(44, "th", "แม่ง", "{0}เอ๊ย"),
        new(45, "th", "อีดอก", "แกมัน{0}"),
        new(46, "th", "ระยำ", "มัน{0}มาก"),
        // Khmer
        new(47, "km", "អាឆ្កែ", "{0}"),
        new(48, "km", "ល្ងង់", "គាត់{0}ណាស់"),
        new(49, "km", "អាឆ្កួត", "{0}"),
        // Burmese
        new(50, "my", "ခွေးမသား", "{0}"),
        new(51, "my", "အရူး", "သူ{0}ပဲ"),
        new(52, "my", "စောက်ရူး", "{0}"),
        new(53, "my", "ငတုံး", "{0}"),
    ];

    public static TermMatcher Matcher { get; } = TermMatcher.Build(
        Terms.Select(t => new WatchedTerm(t.Id, t.Text, t.Options)));

    private static readonly string[] s_zeroWidth = ["\u200B", "\u200C", "\u200D", "\u2060", "\uFEFF", "\u00AD", "\u202E", "\u2066"];
    private static readonly Dictionary<char, char> s_cyrillic = new()
    {
        ['a'] = 'а',
        ['e'] = 'е',
        ['o'] = 'о',
        ['p'] = 'р',
        ['c'] = 'с',
        ['y'] = 'у',
        ['x'] = 'х',
        ['i'] = 'і',
        ['s'] = 'ѕ',
        ['j'] = 'ј',
        ['h'] = 'һ',
        ['d'] = 'ԁ',
    };
    private static readonly Dictionary<char, string> s_leet = new()
    {
        ['a'] = "4",
        ['e'] = "3",
        ['i'] = "1",
        ['o'] = "0",
        ['s'] = "$",
        ['t'] = "7",
    };

    /// <summary>Every obfuscated variant of a term, with a name for the failure message.</summary>
    public static IEnumerable<(string Name, string Variant)> Variants(SuiteTerm term)
    {
        string text = term.Text;
        bool latin = term.Language is "en" or "id" or "ms" or "fil" or "vi";
        bool han = term.Language == "zh";
        yield return ("plain", text);
        yield return ("spaces", Spell(text, " ", "   "));
        yield return ("double spaces", Spell(text, "  ", "    "));
        yield return ("zero-width", Spell(text, "\u200B", " "));
        yield return ("mixed invisibles", SpellEach(text, i => s_zeroWidth[i % s_zeroWidth.Length]));
        yield return ("dots", Spell(text, ".", " "));
        yield return ("asterisks", Spell(text, "*", " "));
        if (latin)
        {
            yield return ("upper case", text.ToUpperInvariant());
            yield return ("full-width", FullWidth(text));
            yield return ("full-width upper", FullWidth(text.ToUpperInvariant()));
            yield return ("repeated letters", RepeatLetter(text));
            yield return ("zalgo", string.Concat(text.Select(c => char.IsLetter(c) ? c + "\u0336" : c.ToString())));
            if (term.Language != "vi")
            {
                yield return ("homoglyphs", string.Concat(text.Select(c => s_cyrillic.TryGetValue(c, out char h) ? h : c)));
                yield return ("leetspeak", Leet(text));
                yield return ("leet + homoglyphs", Leet(string.Concat(text.Select(c => c is 'c' or 'p' or 'y' or 'h' && s_cyrillic.TryGetValue(c, out char h) ? h : c))));
                yield return ("math bold", MathBold(text));
                yield return ("umlauts", string.Concat(text.Select(c => c switch { 'u' => 'ü', 'o' => 'ö', 'a' => 'ä', _ => c })));
            }
            else
            {
                yield return ("decomposed (NFD)", text.Normalize(NormalizationForm.FormD));
                if ((term.Options & TermOptions.MatchUnaccented) != 0)
                {
                    yield return ("unaccented", "dit me");
                }
            }
        }
        if (han)
        {
            yield return ("ideographic space", Spell(text, "\u3000", " "));
            yield return ("traditional", term.Traditional!);
            yield return ("traditional + zero-width", Spell(term.Traditional!, "\u200B", " "));
            yield return ("traditional + spaces", Spell(term.Traditional!, " ", "  "));
        }
        yield return ("underscores", Spell(text, "_", " "));
        if (term.Language is "th" or "km" && IsConsonant(text[^1]))
        {
            // Thai and Khmer writers stretch the final consonant for emphasis: ควายยยย.
            yield return ("repeated final letter", text + new string(text[^1], 3));
        }
    }

    /// <summary>Context sentence for a variant, and where the variant sits in it.</summary>
    public static (string Sentence, int Start) InContext(SuiteTerm term, string variant)
    {
        int at = term.Context.IndexOf("{0}", StringComparison.Ordinal);
        return (term.Context.Replace("{0}", variant, StringComparison.Ordinal), at);
    }

    // Spells a term out with a separator between its letters (grapheme clusters: a base and its marks), and a
    // wider separator between its words.
    private static string Spell(string text, string separator, string wordSeparator) =>
        string.Join(wordSeparator, text.Split(' ').Select(word => string.Join(separator, Clusters(word))));

    private static string SpellEach(string text, Func<int, string> separator)
    {
        var builder = new StringBuilder();
        var clusters = Clusters(text).ToArray();
        for (int i = 0; i < clusters.Length; i++)
        {
            if (i > 0 && clusters[i] != " " && clusters[i - 1] != " ")
            {
                builder.Append(separator(i));
            }
            builder.Append(clusters[i]);
        }
        return builder.ToString();
    }

    private static IEnumerable<string> Clusters(string text)
    {
        var e = StringInfo.GetTextElementEnumerator(text);
        while (e.MoveNext())
        {
            yield return (string)e.Current;
        }
    }

    private static bool IsConsonant(char c) => c is >= '\u0E01' and <= '\u0E2E' or >= '\u1780' and <= '\u17A2';

    private static string FullWidth(string text) =>
        string.Concat(text.Select(c => c is >= '!' and <= '~' ? (char)(c - '!' + '\uFF01') : c == ' ' ? '\u3000' : c));

    private static string Leet(string text) => string.Concat(text.Select(c => s_leet.TryGetValue(c, out string? l) ? l : c.ToString()));

    private static string MathBold(string text) =>
        string.Concat(text.Select(c => c is >= 'a' and <= 'z' ? char.ConvertFromUtf32(0x1D41A + (c - 'a')) : c.ToString()));

    private static string RepeatLetter(string text)
    {
        // Repeat the first vowel-like letter four times: "shiiiit", "iiidiot".
        int at = text.IndexOfAny(['a', 'e', 'i', 'o', 'u']);
        at = at < 0 ? 0 : at;
        return text[..at] + new string(text[at], 3) + text[at..];
    }

    /// <summary>Harmless sentences that contain the watched terms' neighbours: words sharing their letters, the
    /// same letters across a word boundary, words that differ only by Vietnamese tone marks, Chinese words sharing a
    /// character. None may be flagged.</summary>
    public static readonly string[] CleanSentences =
    [
        // English: Scunthorpe-style words and the same letters across word boundaries
        "Scunthorpe United won at home on Saturday",
        "We drove through Scunthorpe on the way to Lincoln",
        "Please assess the proposal before Friday",
        "The assessment is due next week",
        "A classic novel never goes out of style",
        "She plays bass in a jazz band",
        "The embassy opens at nine",
        "Harassment is not tolerated in this community",
        "He used a compass to find the trail",
        "The grass is greener after the rain",
        "Please finish it before lunch",
        "Just push it a little harder",
        "Wash it with cold water",
        "We will publish it next month",
        "Polish it until it shines",
        "Dish it out on the plates",
        "Shiitake mushrooms are great in soup",
        "The bastion held for three weeks",
        "That is a dumb assessment of the match",
        "The idiom is hard to translate",
        "Idiosyncratic spelling is common in old letters",
        "An oxymoron like jumbo shrimp",
        "The cocktail menu changed again",
        "Charles Dickens wrote about London",
        "I will buy flowers for my mother",
        "We need more followers of good practice",
        "The account has many followers in Jakarta",
        "Sussex and Essex are counties in England",
        "He is a therapist in Manila",
        "Mass transit helps the city breathe",
        "A pass to the festival costs ten dollars",
        "The counter was closed",
        "Count the votes again",
        "Hello everyone, welcome to the club",
        "Glass art from Murano",
        "The butterscotch pudding was perfect",
        "Analysis of the data took a week",
        "Assign the tasks before the meeting",
        "I bought a bass guitar",
        "A f t e r the show we ate noodles",
        // Indonesian and Malay
        "Bangsa Indonesia merayakan kemerdekaan",
        "Keluarga bangsawan tinggal di istana",
        "Bajing itu melompat dari pohon ke pohon",
        "Tolong bantu saya membawa tas ini",
        "Tolong jangan lupa makan siang",
        "Ruang kontrol ada di lantai dua",
        "Tangan saya kotor setelah berkebun",
        "Tetangga saya ramah sekali",
        "Media sosial membuat kita dekat",
        "Acara spesial untuk anak-anak",
        "Ini adalah bagian yang esensial",
        "Potensial pasar Asia Tenggara besar",
        "Kerja parsial juga dibayar",
        "Bobot paket ini dua kilogram",
        "Golongan darah saya O",
        "Kami makan nasi goreng bersama",
        "Saya suka membaca buku sejarah",
        "Kita akan bertemu di Jakarta besok",
        "Dia belajar bahasa Thai di Bangkok",
        "Banyak orang datang ke festival",
        "Sosial dan budaya saling berkaitan",
        "Kami pergi ke pasar pagi-pagi",
        // Filipino
        "Ang bobot ng bag ay limang kilo",
        "Maraming tangan ang bigas sa palengke",
        "Salamat sa tulong mo kahapon",
        "Pupunta kami sa Maynila bukas",
        "Masarap ang adobo ni Lola",
        "Ang gagamba ay nasa sulok ng bahay",
        "Magandang umaga sa inyong lahat",
        "Ang tanghalian ay handa na",
        "Nag-aaral siya ng wikang Tsino",
        "Ang putahe ay masarap",
        "Ina ko ang nagluto nito",
        "Naglalaro ang mga bata sa parke",
        "Ang ganda ng tanawin sa Baguio",
        "Ito ang sagot sa tanong mo",
        "Gusto kong matuto ng Thai",
        // Vietnamese: words that differ only by tone or vowel marks
        "Các bạn đã ăn cơm chưa",
        "Các em học sinh rất chăm chỉ",
        "Tôi thích tất cả các món ăn Thái",
        "Mẹ may áo dài cho em gái",
        "Mẹ mua quà cho bà",
        "Mẹ mây trắng trôi trên trời",
        "Dĩ nhiên là tôi sẽ đến",
        "Chúng tôi đi học lúc bảy giờ",
        "Đi chợ mua rau",
        "Em mặc đồ ngủ màu xanh",
        "Tôi thích ăn đồ ngọt",
        "Trẻ em thích đồ chơi mới",
        "Con chó nhà tôi rất ngoan",
        "Chó con ngủ trong giỏ",
        "Cô ấy ngủ ngon",
        "Đội tuyển chơi rất đỉnh",
        "Đít nồi bị cháy đen",
        "Tôi đi mệt quá",
        "Cắc ké bò trên cây",
        "Cắc tiền xu ngày xưa",
        "Đồ ăn ở đây rất ngon",
        "Đồ cũ vẫn dùng tốt",
        "Ngư dân ra khơi từ sáng",
        "Ngũ cốc tốt cho sức khỏe",
        "Học tiếng Trung không khó",
        "Mày đi đâu đấy",
        "Hà Nội mùa thu rất đẹp",
        "Bạn có khỏe không",
        // Chinese: words that share a character with a watched term
        "增加微信支付的功能",
        "我妈妈的手机坏了",
        "生日你过得好吗",
        "我们去操场踢球",
        "体操比赛很精彩",
        "操作系统需要更新",
        "她很痴迷音乐",
        "白色的衣服很好看",
        "他被逼迫离开",
        "台风逼近海岸",
        "贱卖房子不划算",
        "神经科医生很忙",
        "病人需要休息",
        "鸡蛋和鸭蛋都很便宜",
        "蛋糕很好吃",
        "狗狗很可爱",
        "杂志上有很多图片",
        "种子已经发芽了",
        "发票请妥善保管",
        "开发新产品需要时间",
        "现代社会变化很快",
        "你妈妈做的饭很好吃",
        "他妈妈是老师",
        "傻瓜相机很好用",
        "大脑需要休息",
        "残疾人也能参加比赛",
        "滚动新闻每天更新",
        "微信群里很热闹",
        "明天加班吗",
        "人民公园有很多人",
        // Thai: the same letters inside longer words or across word boundaries
        "แม่งานบอกว่าเสร็จแล้ว",
        "แม่ง่วงนอนแล้ว",
        "ฆาตกรเหี้ยมโหดถูกจับแล้ว",
        "ดอกไม้สวยมาก",
        "ชาวนาเลี้ยงควาย",
        "ควายกินหญ้าในนา",
        "ระยะทางไกลมาก",
        "สัตว์เลี้ยงของฉันน่ารัก",
        "ฉันชอบกินข้าวผัด",
        "ขอบคุณมากครับ",
        "วันนี้อากาศดี",
        "พรุ่งนี้ไปตลาดกัน",
        "แม่ไปทำงานแต่เช้า",
        "คุณแม่ทำอาหารอร่อย",
        "ดอกกุหลาบสีแดง",
        "ยำวุ้นเส้นรสจัด",
        "ไอ้หนูมานี่หน่อย",
        // Khmer
        "ឆ្កែរបស់ខ្ញុំ",
        "ពេលល្ងាចខ្ញុំអានសៀវភៅ",
        "ខ្ញុំចូលចិត្តអាន",
        "អរគុណច្រើន",
        "សួស្តី",
        "ខ្ញុំទៅផ្សារ",
        "ភ្នំពេញជារាជធានី",
        "ឆ្កែព្រុសពេញមួយយប់",
        // Burmese
        "ကျွန်တော့်ခွေးလေး",
        "မင်္ဂလာပါ",
        "ရုံးကိုသွားတယ်",
        "ကျေးဇူးတင်ပါတယ်",
        "ခွေးက အိမ်ကို စောင့်တယ်",
        "ထမင်းစားပြီးပြီလား",
        "ရန်ကုန်မြို့",
        "စာအုပ်ဖတ်တယ်",
        // More neighbours, language by language
        "Cash it at the bank tomorrow",
        "Do not rush it, take your time",
        "Brush it gently with a soft cloth",
        "Crush it in the final round",
        "Hush it now, the baby is asleep",
        "They bastardized the recipe with ketchup",
        "An idiotype is a term from immunology",
        "Shitake is a common misspelling of shiitake",
        "That was a dumb assignment",
        "It was a dumb assumption to make",
        "Oxymoronic phrases make poems memorable",
        "The Scunthorpe branch is closed on Sunday",
        "Bangsal rumah sakit sudah penuh",
        "Para bangsawan berkumpul di aula",
        "Sebagai bangsa kita harus bersatu",
        "Jaminan sosial penting bagi pekerja",
        "Pertemuan spesial diadakan hari ini",
        "Kontrol kualitas di pabrik ketat",
        "Tangannya gemetar karena dingin",
        "Bajing loncat di kebun kelapa",
        "Tolong ambilkan air minum",
        "Natataranta siya bago ang pagsusulit",
        "Ang bobot ng kahon ay mabigat",
        "Tangan kanan saya sakit",
        "Các cô giáo rất tận tâm",
        "Cắc cớ gì mà buồn thế",
        "Đi đâu cũng nhớ nhà",
        "Dì tôi sống ở Huế",
        "Đỉnh núi phủ đầy mây",
        "Mẹ may cho tôi cái áo mới",
        "Mẹ mấy giờ về nhà",
        "Đồ ngủ của bé rất xinh",
        "Đồ nghề của thợ mộc",
        "Độ chói của màn hình quá cao",
        "Đó chỗ tôi hay ngồi",
        "Cặp sách mới của em",
        "他妈妈很好客",
        "孩子们在傻笑",
        "这幅画很逼真",
        "神经网络是一种模型",
        "病毒传播很快",
        "滚动条在右边",
        "蛋白质对身体好",
        "加油，你一定行",
        "她的微笑很温暖",
        "信封上写着地址",
        "代表团明天到达",
        "狗粮放在柜子里",
        "种类很多，选择困难",
        "别为我操心",
        "你妈妈打电话来了",
        "脑子需要休息",
        "残奥会在巴黎举行",
        "请帮我开发票",
        "แหลมพรหมเทพสวยมาก",
        "ตอไม้ใหญ่กลางทุ่ง",
        "ดอกเบี้ยเงินฝากต่ำ",
        "อีสานมีอาหารอร่อย",
        "ควายไถนาตอนเช้า",
        "ระยองมีทะเลสวย",
        "ยำมาม่ารสเด็ด",
        "ឆ្កែនិងឆ្មា",
        "ខ្ញុំចូលចិត្តអាហារខ្មែរ",
        "អាកាសធាតុល្អ",
        "ខ្ញុំមានឆ្កែពីរ",
        "ခွေးလေးက ချစ်စရာကောင်းတယ်",
        "အရသာရှိတယ်",
        "စောစောထတယ်",
        "ကျွန်တော့်သား ကျောင်းသွားတယ်",
    ];
}
