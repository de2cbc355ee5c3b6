// Every outcome of reading one entry of a cpio "newc" archive (CpioReader.Next): an entry, the end, or what is wrong
// with the archive at that point. CpioStatusText gives the message the boot line shows.
namespace MeghaOS.FileSystem.Initrd;

/// <summary>The result of <see cref="CpioReader.Next"/>.</summary>
public enum CpioStatus
{
    /// <summary>An entry was read.</summary>
    Success = 0,

    /// <summary>The TRAILER!!! entry: the archive ends here.</summary>
    End,

    /// <summary>The header, the name or the data runs past the end of the archive.</summary>
    Truncated,

    /// <summary>The header does not start with "070701" or "070702" (not a newc archive, or out of step).</summary>
    BadMagic,

    /// <summary>A header field holds something other than 8 hexadecimal digits.</summary>
    BadNumber,

    /// <summary>The name size is 0, or the name has no NUL at its end or a NUL inside.</summary>
    BadName,

    /// <summary>The archive ends (or only padding follows) without a TRAILER!!! entry.</summary>
    MissingTrailer,
}
