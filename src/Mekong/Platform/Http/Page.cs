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

        Span<byte> bytes = stackalloc byte[16];
        if (cursor.Length != 22 || !Base64Url.TryDecodeFromChars(cursor, bytes, out var written) || written != 16)
        {
            return false;
        }

        id = new Guid(bytes, bigEndian: true);
        return true;
    }

    /// <summary>Clamps a requested page size into 1..<see cref="Limits.MaxPageSize"/>.</summary>
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
