// What installing the initial ramdisk did: how many files and bytes reached /bin, how many entries were passed over,
// and, when it stopped early, why (the archive's fault or the filesystem's) and at which byte.
namespace MeghaOS.FileSystem.Initrd;

/// <summary>The summary <see cref="InitialRamdisk.Install"/> returns.</summary>
public struct RamdiskResult
{
    /// <summary>End when the whole archive was read; otherwise what stopped the reading.</summary>
    public CpioStatus Archive;

    /// <summary>Success, or the VFS error that stopped the copy (<see cref="Archive"/> is then Success).</summary>
    public VfsStatus FileSystem;

    /// <summary>Offset in the archive of the entry where reading or copying stopped.</summary>
    public int Offset;

    /// <summary>Files written to /bin.</summary>
    public int Files;

    /// <summary>Bytes of those files.</summary>
    public ulong Bytes;

    /// <summary>Entries not copied: outside bin/, not regular files, or in a subdirectory of bin/.</summary>
    public int Skipped;

    /// <summary>True when everything in the archive was read and every bin/ file copied.</summary>
    public readonly bool IsComplete => Archive == CpioStatus.End && FileSystem == VfsStatus.Success;
}
