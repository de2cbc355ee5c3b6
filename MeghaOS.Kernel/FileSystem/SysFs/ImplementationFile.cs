// /sys/<subsystem>/implementation, built from the subsystem registry: reading lists the implementations with the
// active one in brackets ("[bitmap] buddy\n"), writing a name switches to it. The same file for every subsystem.
namespace MeghaOS.FileSystem.SysFs;

using System;
using MeghaOS.FileSystem.Synthetic;
using MeghaOS.Subsystems;
using MeghaOS.Text;

/// <summary>Adds the implementation file of a declared subsystem to sysfs.</summary>
public static unsafe class ImplementationFile
{
    /// <summary>
    /// Creates /sys/NAME/implementation for subsystem <paramref name="subsystem"/> and returns the directory /sys/NAME,
    /// or -1 when sysfs is full.
    /// </summary>
    public static int Add(in FileSystemOperations sysfs, int subsystem)
    {
        string? name = SubsystemRegistry.NameOf(subsystem);
        if (name == null)
        {
            return -1;
        }

        int directory = AddDirectory(sysfs, name);
        if (directory < 0)
        {
            return -1;
        }

        SyntheticFileOperations file = default;
        file.Kind = VfsNodeKind.File;
        file.Context = (void*)(nint)subsystem;
        file.Render = &Render;
        file.Write = &Write;
        return SyntheticFileSystem.AddFile(sysfs, directory, "implementation"u8, file) >= 0 ? directory : -1;
    }

    /// <summary>Adds (or finds) the directory /sys/NAME for a subsystem name given as a string.</summary>
    public static int AddDirectory(in FileSystemOperations sysfs, string name)
    {
        byte* bytes = stackalloc byte[VfsPath.MaxNameLength];
        if (name.Length == 0 || name.Length > VfsPath.MaxNameLength)
        {
            return -1;
        }

        for (int i = 0; i < name.Length; i++)
        {
            bytes[i] = (byte)name[i];
        }

        return SyntheticFileSystem.AddDirectory(sysfs, SyntheticFileSystem.Root, new ReadOnlySpan<byte>(bytes, name.Length));
    }

    private static int Render(void* context, Span<byte> buffer) =>
        SubsystemRegistry.WriteImplementationList((int)(nint)context, buffer);

    // The whole write is one name; surrounding blanks and the newline echo adds are ignored.
    private static VfsStatus Write(void* context, ulong offset, ReadOnlySpan<byte> data, out int count)
    {
        count = 0;
        ReadOnlySpan<byte> name = Bytes.Trim(data);
        if (name.Length == 0)
        {
            return VfsStatus.InvalidArgument;
        }

        switch (SubsystemRegistry.Activate((int)(nint)context, name))
        {
            case ActivationStatus.Success:
                count = data.Length;
                return VfsStatus.Success;
            case ActivationStatus.Refused:
                return VfsStatus.Refused;
            default:
                return VfsStatus.InvalidArgument;
        }
    }
}
