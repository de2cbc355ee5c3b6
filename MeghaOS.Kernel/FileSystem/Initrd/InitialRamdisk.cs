// Installing the initial ramdisk: the regular files under bin/ (or ./bin/) of a cpio newc archive are copied into
// the root filesystem at /bin/NAME, which is created when missing. Everything else in the archive (other directories,
// subdirectories of bin/, links, devices) is counted as skipped. Reading stops at the first malformed entry; the
// files before it stay installed, and the result says where and why, so the kernel boots either way and the boot
// line (WriteSummary) tells the user what /bin holds. Each file keeps the permission bits of its archive entry
// (ramfs stores them; VfsStat.Mode shows them).
namespace MeghaOS.FileSystem.Initrd;

using System;
using MeghaOS.Devices;
using MeghaOS.Text;

/// <summary>Copies /bin out of the initial ramdisk.</summary>
public static unsafe class InitialRamdisk
{
    /// <summary>Copies every regular file under bin/ of <paramref name="archive"/> to /bin (the VFS must be mounted).</summary>
    public static RamdiskResult Install(ReadOnlySpan<byte> archive)
    {
        var result = new RamdiskResult { FileSystem = VfsStatus.Success };
        VfsStatus status = Vfs.MakeDirectory("/bin"u8);
        if (status != VfsStatus.Success && status != VfsStatus.AlreadyExists)
        {
            result.Archive = CpioStatus.Success;
            result.FileSystem = status;
            return result;
        }

        Span<byte> path = stackalloc byte[VfsPath.MaxPathLength];
        int offset = 0;
        while (true)
        {
            result.Offset = offset;
            CpioStatus read = CpioReader.Next(archive, ref offset, out CpioEntry entry);
            if (read != CpioStatus.Success)
            {
                result.Archive = read;
                return result;
            }

            ReadOnlySpan<byte> name = BinName(entry.Name(archive));
            if (!entry.IsRegularFile || name.Length == 0 || Bytes.IndexOf(name, (byte)'/') >= 0 || name.Length > VfsPath.MaxNameLength)
            {
                result.Skipped++;
                continue;
            }

            Bytes.Copy("/bin/"u8, path);
            Bytes.Copy(name, path.Slice(5));
            ReadOnlySpan<byte> data = entry.Data(archive);
            status = Vfs.Open(path.Slice(0, 5 + name.Length), VfsOpenMode.Write | VfsOpenMode.Create | VfsOpenMode.Truncate, out VfsFile file);
            int written = 0;
            if (status == VfsStatus.Success && data.Length != 0)
            {
                status = Vfs.Write(file, 0, data, out written);
                if (status == VfsStatus.Success && written != data.Length)
                {
                    status = VfsStatus.NoSpace;
                }
            }

            if (status == VfsStatus.Success)
            {
                status = Vfs.SetMode(path.Slice(0, 5 + name.Length), entry.Mode & VfsStat.ModeMask);
            }

            if (status != VfsStatus.Success)
            {
                result.Archive = CpioStatus.Success;
                result.FileSystem = status;
                return result;
            }

            result.Files++;
            result.Bytes += (ulong)data.Length;
        }
    }

    /// <summary>
    /// The boot line: "ramdisk: 9 files, 123456 bytes in /bin", with what stopped it when it is incomplete
    /// ("ramdisk: malformed at byte 512 (truncated entry); 2 files, 800 bytes in /bin").
    /// </summary>
    public static void WriteSummary(in RamdiskResult result)
    {
        Span<byte> digits = stackalloc byte[20];
        Terminal.Write("ramdisk: "u8);
        if (result.Archive != CpioStatus.End)
        {
            Terminal.Write(result.Archive == CpioStatus.Success ? "copying stopped at byte "u8 : "malformed at byte "u8);
            Terminal.Write(digits.Slice(0, NumberFormat.FormatDecimal((ulong)result.Offset, digits)));
            Terminal.Write(" ("u8);
            Terminal.Write(result.Archive == CpioStatus.Success ? VfsStatusText.Of(result.FileSystem) : Message(result.Archive));
            Terminal.Write("); "u8);
        }

        Terminal.Write(digits.Slice(0, NumberFormat.FormatDecimal((ulong)result.Files, digits)));
        Terminal.Write(result.Files == 1 ? " file, "u8 : " files, "u8);
        Terminal.Write(digits.Slice(0, NumberFormat.FormatDecimal(result.Bytes, digits)));
        Terminal.Write(" bytes in /bin\n"u8);
    }

    /// <summary>What a cpio status means, as a short phrase.</summary>
    public static ReadOnlySpan<byte> Message(CpioStatus status) => status switch
    {
        CpioStatus.Success => "entry read"u8,
        CpioStatus.End => "end of archive"u8,
        CpioStatus.Truncated => "truncated entry"u8,
        CpioStatus.BadMagic => "not a cpio newc header"u8,
        CpioStatus.BadNumber => "header field is not hexadecimal"u8,
        CpioStatus.BadName => "bad entry name"u8,
        CpioStatus.MissingTrailer => "no TRAILER!!! entry"u8,
        _ => "unknown cpio status"u8,
    };

    // The part of a name after "bin/" or "./bin/"; empty for any other name.
    private static ReadOnlySpan<byte> BinName(ReadOnlySpan<byte> name)
    {
        if (name.Length > 2 && name[0] == '.' && name[1] == '/')
        {
            name = name.Slice(2);
        }

        if (name.Length > 4 && name[0] == 'b' && name[1] == 'i' && name[2] == 'n' && name[3] == '/')
        {
            return name.Slice(4);
        }

        return default;
    }
}
