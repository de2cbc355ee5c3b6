// /sys/fb/: the framebuffer's geometry as text files (width, height, pitch, bpp), so a program can interpret
// /dev/fb0. Added at boot only when the loader set up a drawable framebuffer (it does not change afterwards).
// Format: docs/files.md.
namespace MeghaOS.FileSystem.SysFs;

using System;
using MeghaOS.Devices;
using MeghaOS.FileSystem.Synthetic;
using MeghaOS.Text;

/// <summary>Adds /sys/fb/.</summary>
public static unsafe class FramebufferDirectory
{
    /// <summary>Adds the fb directory and its files when there is a framebuffer; false when sysfs is full.</summary>
    public static bool Add(in FileSystemOperations sysfs)
    {
        if (!Framebuffer.IsAvailable)
        {
            return true;
        }

        int directory = SyntheticFileSystem.AddDirectory(sysfs, SyntheticFileSystem.Root, "fb"u8);
        return directory >= 0 &&
            AddNumber(sysfs, directory, "width"u8, &RenderWidth) &&
            AddNumber(sysfs, directory, "height"u8, &RenderHeight) &&
            AddNumber(sysfs, directory, "pitch"u8, &RenderPitch) &&
            AddNumber(sysfs, directory, "bpp"u8, &RenderBitsPerPixel);
    }

    private static bool AddNumber(in FileSystemOperations sysfs, int directory, ReadOnlySpan<byte> name, delegate*<void*, Span<byte>, int> render)
    {
        SyntheticFileOperations file = default;
        file.Kind = VfsNodeKind.File;
        file.Render = render;
        return SyntheticFileSystem.AddFile(sysfs, directory, name, file) >= 0;
    }

    private static int RenderWidth(void* context, Span<byte> buffer) => Number(Framebuffer.Info.Width, buffer);

    private static int RenderHeight(void* context, Span<byte> buffer) => Number(Framebuffer.Info.Height, buffer);

    private static int RenderPitch(void* context, Span<byte> buffer) => Number(Framebuffer.Info.Pitch, buffer);

    private static int RenderBitsPerPixel(void* context, Span<byte> buffer) => Number(Framebuffer.Info.BitsPerPixel, buffer);

    private static int Number(ulong value, Span<byte> buffer)
    {
        TextBuilder text = new TextBuilder(buffer);
        text.AppendDecimal(value);
        text.AppendByte((byte)'\n');
        return text.Length;
    }
}
