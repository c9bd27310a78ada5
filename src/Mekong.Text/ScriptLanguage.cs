namespace Mekong.Text;

/// <summary>
/// Language by script for the platform languages that are the only users of their script here: Thai (th),
/// Lao (lo), Khmer (km) and Burmese (my). Statistical detection (Lingua) has no Khmer, Lao or Burmese model, and
/// needs none for them; for Latin and Han text this returns null and the caller asks its statistical detector.
/// </summary>
public static class ScriptLanguage
{
    /// <summary>
    /// The language whose script holds more than half of the letters of <paramref name="text"/>, when that script
    /// belongs to exactly one platform language; otherwise null.
    /// </summary>
    public static string? DetectSingleScriptLanguage(ReadOnlySpan<char> text)
    {
        ReadOnlySpan<ushort> info = CharInfo.Table;
        Span<int> counts = stackalloc int[7];
        int letters = 0;
        foreach (char c in text)
        {
            ushort entry = info[c];
            if ((entry & CharInfo.Letter) == 0)
            {
                continue;
            }
            letters++;
            counts[(entry & CharInfo.ScriptMask) >> CharInfo.ScriptShift]++;
        }
        if (letters == 0)
        {
            return null;
        }
        for (int script = 1; script <= (int)ScriptClass.Myanmar; script++)
        {
            if (counts[script] * 2 > letters)
            {
                return (ScriptClass)script switch
                {
                    ScriptClass.Thai => "th",
                    ScriptClass.Lao => "lo",
                    ScriptClass.Khmer => "km",
                    _ => "my",
                };
            }
        }
        return null;
    }
}
