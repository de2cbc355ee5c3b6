// Carving an implementation's metadata out of the caller's buffer: every piece 64-byte aligned, whatever the
// caller's buffer alignment, so MetadataBytes and the layout code agree by construction.
namespace MeghaOS.Memory;

/// <summary>A bump cursor over the caller-supplied metadata buffer.</summary>
internal unsafe struct PmmMetadata
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

    /// <summary>
    /// The checks every implementation's Create and TakeOver make before laying out its metadata: no frames
    /// (<see cref="PmmStatus.NoUsableMemory"/>), more than <paramref name="maxFrames"/>
    /// (<see cref="PmmStatus.TooManyFrames"/>), then a missing buffer or one smaller than
    /// <paramref name="metadataBytesFor"/> says (<see cref="PmmStatus.MetadataTooSmall"/>).
    /// </summary>
    public static PmmStatus CheckSize(ulong frameCount, ulong maxFrames, void* metadata, ulong metadataBytes,
        delegate*<ulong, ulong> metadataBytesFor)
    {
        if (frameCount == 0)
        {
            return PmmStatus.NoUsableMemory;
        }

        if (frameCount > maxFrames)
        {
            return PmmStatus.TooManyFrames;
        }

        return metadata == null || metadataBytes < metadataBytesFor(frameCount) ? PmmStatus.MetadataTooSmall : PmmStatus.Success;
    }

    /// <summary>Takes the next piece of <paramref name="bytes"/> bytes.</summary>
    public void* Take(ulong bytes)
    {
        byte* piece = _next;
        _next += Round(bytes);
        return piece;
    }
}
