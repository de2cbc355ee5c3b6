// Carving an implementation's metadata out of the caller's buffer: every piece 64-byte aligned, whatever the
// caller's buffer alignment, so MetadataBytes and the layout code agree by construction.
namespace MeghaOS.Memory;

/// <summary>A bump cursor over the caller-supplied metadata buffer.</summary>
public unsafe struct PmmMetadata
{
    /// <summary>Alignment of every piece.</summary>
    public const ulong Alignment = 64;

    /// <summary>Slack added to a size so that aligning the buffer's start cannot make it too small.</summary>
    public const ulong StartSlack = Alignment - 1;

    private byte* _next;

    /// <summary>Starts carving at the first aligned byte of <paramref name="metadata"/>.</summary>
    public PmmMetadata(void* metadata)
    {
        _next = (byte*)(((ulong)metadata + StartSlack) & ~StartSlack);
    }

    /// <summary>The size of a piece of <paramref name="bytes"/> bytes once rounded up to the alignment.</summary>
    public static ulong Round(ulong bytes) => (bytes + StartSlack) & ~StartSlack;

    /// <summary>Takes the next piece of <paramref name="bytes"/> bytes.</summary>
    public void* Take(ulong bytes)
    {
        byte* piece = _next;
        _next += Round(bytes);
        return piece;
    }
}
