// Builds the kernel's file tree at boot: ramfs as the root with /dev and /sys, devfs mounted on /dev, and sysfs on
// /sys with a directory for every subsystem declared so far and /sys/fb/ when there is a framebuffer, /sys/processes (Processes/ProcessFiles.cs) (SysFs/SubsystemDirectory.cs; declare and register
// subsystems before calling this).
namespace MeghaOS.FileSystem;

using System;
using MeghaOS.FileSystem.DevFs;
using MeghaOS.FileSystem.RamFs;
using MeghaOS.FileSystem.SysFs;
using MeghaOS.Processes;
using MeghaOS.Subsystems;

/// <summary>Creates and mounts the standard filesystems.</summary>
public static class FileSystemSetup
{
    /// <summary>
    /// Mounts ramfs on /, devfs on /dev and sysfs on /sys with a directory for every declared subsystem. Needs the
    /// Heap facade to be active.
    /// </summary>
    public static VfsStatus MountStandardTree()
    {
        VfsStatus status = RamFileSystem.Create(out FileSystemOperations root);
        if (status != VfsStatus.Success)
        {
            return status;
        }

        status = Vfs.Initialize(root);
        if (status != VfsStatus.Success)
        {
            return status;
        }

        status = Vfs.MakeDirectory("/dev"u8);
        if (status == VfsStatus.Success)
        {
            status = Vfs.MakeDirectory("/sys"u8);
        }

        if (status != VfsStatus.Success)
        {
            return status;
        }

        status = DevFileSystem.Create(out FileSystemOperations devfs);
        if (status == VfsStatus.Success)
        {
            status = Vfs.Mount("/dev"u8, devfs);
        }

        if (status != VfsStatus.Success)
        {
            return status;
        }

        status = SysFileSystem.Create(out FileSystemOperations sysfs);
        if (status != VfsStatus.Success)
        {
            return status;
        }

        for (int subsystem = 0; subsystem < SubsystemRegistry.SubsystemCount; subsystem++)
        {
            if (!SubsystemDirectory.Add(sysfs, subsystem))
            {
                return VfsStatus.NoSpace;
            }
        }

        if (!FramebufferDirectory.Add(sysfs) || !ProcessFiles.Add(sysfs))
        {
            return VfsStatus.NoSpace;
        }

        return Vfs.Mount("/sys"u8, sysfs);
    }
}
