// String equality with only Length and the indexer: the kernel's core library has no string.Equals, and shared
// code may use nothing more (see DEVELOPERS.md).
namespace MeghaOS.Text;

/// <summary>Ordinal comparison of strings for shared code.</summary>
public static class TextCompare
{
    /// <summary>True when both strings have the same characters (null equals only null).</summary>
    public static bool AreEqual(string? left, string? right)
    {
        if (left is null || right is null)
        {
            return left is null && right is null;
        }

        if (left.Length != right.Length)
        {
            return false;
        }

        for (int i = 0; i < left.Length; i++)
        {
            if (left[i] != right[i])
            {
                return false;
            }
        }

        return true;
    }
}
