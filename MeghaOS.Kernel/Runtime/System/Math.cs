// Math: the small helpers kernel code uses, plus the checked-arithmetic helpers ILC calls for `checked` code and
// for conversions it does not inline (an overflow there is a kernel bug, so it panics).
namespace System;

/// <summary>Integer helpers.</summary>
public static class Math
{
    /// <summary>The smaller value.</summary>
    public static ulong Min(ulong a, ulong b) => a < b ? a : b;

    /// <summary>The larger value.</summary>
    public static ulong Max(ulong a, ulong b) => a > b ? a : b;

    /// <summary>The smaller value.</summary>
    public static int Min(int a, int b) => a < b ? a : b;

    /// <summary>The larger value.</summary>
    public static int Max(int a, int b) => a > b ? a : b;

    private static void Overflow() => Internal.Runtime.CompilerHelpers.ThrowHelpers.ThrowOverflowException();

    private static ulong MultiplyChecked(ulong a, ulong b)
    {
        if (a != 0 && b > ulong.MaxValue / a)
        {
            Overflow();
        }

        return a * b;
    }

    private static long MultiplyChecked(long a, long b)
    {
        long result = a * b;
        if (a != 0 && (result / a != b || (a == -1 && b == long.MinValue) || (b == -1 && a == long.MinValue)))
        {
            Overflow();
        }

        return result;
    }
}
