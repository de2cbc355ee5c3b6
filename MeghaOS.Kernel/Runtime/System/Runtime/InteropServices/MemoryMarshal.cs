// MemoryMarshal.CreateSpan, as in the BCL: a span over a reference (an inline array, a static field), which the
// (pointer, length) constructor cannot give on the host for element types that hold references.
namespace System.Runtime.InteropServices;

/// <summary>Low-level span construction.</summary>
public static class MemoryMarshal
{
    /// <summary>A span of <paramref name="length"/> elements starting at <paramref name="reference"/>.</summary>
    public static Span<T> CreateSpan<T>(ref T reference, int length)
    {
        if (length < 0)
        {
            Internal.Runtime.CompilerHelpers.ThrowHelpers.ThrowArgumentOutOfRangeException();
        }

        return new Span<T>(ref reference, length);
    }
}
