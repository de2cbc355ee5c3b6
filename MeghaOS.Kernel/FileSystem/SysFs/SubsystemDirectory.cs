// /sys/<subsystem>/, built from the subsystem registry alone: the `implementation` file (ImplementationFile.cs), the
// subsystem's own files, and each implementation's own file, present only while that implementation is active.
// sysfs reads the registry; nothing in the registry knows sysfs. A file rendered whole goes through sysfs's render
// buffer; a produced one (any length) is read at an offset through a TextWindow.
namespace MeghaOS.FileSystem.SysFs;

using System;
using MeghaOS.FileSystem.Synthetic;
using MeghaOS.Subsystems;
using MeghaOS.Text;

/// <summary>Adds a declared subsystem's directory and files to sysfs.</summary>
public static unsafe class SubsystemDirectory
{
    /// <summary>Creates /sys/NAME and everything in it for subsystem <paramref name="subsystem"/>; false when sysfs is full.</summary>
    public static bool Add(in FileSystemOperations sysfs, int subsystem)
    {
        int directory = ImplementationFile.Add(sysfs, subsystem);
        if (directory < 0)
        {
            return false;
        }

        ReadOnlySpan<SubsystemFile> files = SubsystemRegistry.FilesOf(subsystem);
        for (int i = 0; i < files.Length; i++)
        {
            if (!AddFile(sysfs, directory, files[i], null))
            {
                return false;
            }
        }

        ReadOnlySpan<ImplementationEntry> implementations = SubsystemRegistry.ImplementationsOf(subsystem);
        for (int i = 0; i < implementations.Length; i++)
        {
            if (implementations[i].File.IsPresent && !AddFile(sysfs, directory, implementations[i].File, &IsOwnerActive))
            {
                return false;
            }
        }

        return true;
    }

    // The file's render or produce function travels as its context, so one adapter serves every registry file (each
    // file has a function of its own; writes find their file by it).
    private static bool AddFile(in FileSystemOperations sysfs, int directory, in SubsystemFile description, delegate*<void*, bool> isPresent)
    {
        byte* name = stackalloc byte[VfsPath.MaxNameLength];
        string text = description.Name!;
        if (text.Length > VfsPath.MaxNameLength)
        {
            return false;
        }

        for (int i = 0; i < text.Length; i++)
        {
            name[i] = (byte)text[i];
        }

        SyntheticFileOperations file = default;
        file.Kind = VfsNodeKind.File;
        if (description.Render != null)
        {
            file.Context = (void*)description.Render;
            file.Render = &Render;
        }
        else
        {
            file.Context = (void*)description.Produce;
            file.Read = &ReadProduced;
            file.Size = &SizeProduced;
        }

        file.Write = description.Write == null ? null : &Write;
        file.IsPresent = isPresent;
        return SyntheticFileSystem.AddFile(sysfs, directory, new ReadOnlySpan<byte>(name, text.Length), file) >= 0;
    }

    private static int Render(void* context, Span<byte> buffer) => ((delegate*<Span<byte>, int>)context)(buffer);

    // A write goes to the write function of the registry file whose render function is the context.
    private static VfsStatus Write(void* context, ulong offset, ReadOnlySpan<byte> data, out int count)
    {
        count = 0;
        delegate*<ReadOnlySpan<byte>, bool> write = WriterOf(context);
        if (write == null || !write(data))
        {
            return VfsStatus.InvalidArgument;
        }

        count = data.Length;
        return VfsStatus.Success;
    }

    private static delegate*<ReadOnlySpan<byte>, bool> WriterOf(void* render)
    {
        for (int subsystem = 0; subsystem < SubsystemRegistry.SubsystemCount; subsystem++)
        {
            ReadOnlySpan<SubsystemFile> files = SubsystemRegistry.FilesOf(subsystem);
            for (int i = 0; i < files.Length; i++)
            {
                if ((void*)files[i].Render == render || (void*)files[i].Produce == render)
                {
                    return files[i].Write;
                }
            }

            ReadOnlySpan<ImplementationEntry> implementations = SubsystemRegistry.ImplementationsOf(subsystem);
            for (int i = 0; i < implementations.Length; i++)
            {
                SubsystemFile own = implementations[i].File;
                if ((void*)own.Render == render || (void*)own.Produce == render)
                {
                    return own.Write;
                }
            }
        }

        return null;
    }

    private static VfsStatus ReadProduced(void* context, ulong offset, Span<byte> buffer, out int count)
    {
        TextWindow window = new TextWindow(buffer, offset, measuring: false);
        ((delegate*<ref TextWindow, void>)context)(ref window);
        count = window.Written;
        return VfsStatus.Success;
    }

    private static ulong SizeProduced(void* context)
    {
        TextWindow window = new TextWindow(default, 0, measuring: true);
        ((delegate*<ref TextWindow, void>)context)(ref window);
        return window.Length;
    }

    // An implementation's own file exists while that implementation is the active one of its subsystem.
    private static bool IsOwnerActive(void* context)
    {
        for (int subsystem = 0; subsystem < SubsystemRegistry.SubsystemCount; subsystem++)
        {
            ReadOnlySpan<ImplementationEntry> implementations = SubsystemRegistry.ImplementationsOf(subsystem);
            for (int i = 0; i < implementations.Length; i++)
            {
                SubsystemFile own = implementations[i].File;
                if ((void*)own.Render == context || (void*)own.Produce == context)
                {
                    return SubsystemRegistry.IsActive(subsystem, i);
                }
            }
        }

        return false;
    }
}
