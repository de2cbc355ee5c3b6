// sysfs, mounted at /sys: one directory per subsystem, holding text files that show (and for `implementation`,
// change) the subsystem's state. Formats: docs/files.md.
namespace MeghaOS.FileSystem.SysFs;

using MeghaOS.FileSystem.Synthetic;

/// <summary>Creates the empty sysfs tree; <see cref="SubsystemDirectory"/> fills it from the subsystem registry.</summary>
public static class SysFileSystem
{
    /// <summary>How many directories and files sysfs can hold.</summary>
    public const int Capacity = 48;

    /// <summary>Creates an empty sysfs and fills <paramref name="operations"/>.</summary>
    public static VfsStatus Create(out FileSystemOperations operations) =>
        SyntheticFileSystem.Create("sysfs", Capacity, out operations);
}
