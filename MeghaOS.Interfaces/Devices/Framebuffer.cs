// The linear framebuffer the loader set up (Multiboot video fields), if any: where it is and how its pixels are laid
// out. The boot records it once; the framebuffer console, /dev/fb0 and /sys/fb/ read it from here. Shared code: the
// host tests point it at a buffer of their own.
namespace MeghaOS.Devices;

using MeghaOS.Memory;

/// <summary>What the loader reported about a framebuffer.</summary>
public struct FramebufferInfo
{
    /// <summary>Physical address of pixel (0, 0) (drawn through the direct map: <see cref="Framebuffer.Pixels"/>).</summary>
    public ulong Address;

    /// <summary>Bytes from one pixel row to the next.</summary>
    public uint Pitch;

    /// <summary>Pixels per row.</summary>
    public uint Width;

    /// <summary>Rows.</summary>
    public uint Height;

    /// <summary>Bits per pixel.</summary>
    public byte BitsPerPixel;

    /// <summary>Multiboot framebuffer type: 0 indexed colour, 1 direct RGB, 2 EGA text.</summary>
    public byte Type;

    /// <summary>Bit position and size of red, green and blue in a direct-colour pixel.</summary>
    public byte RedPosition, RedSize, GreenPosition, GreenSize, BluePosition, BlueSize;

    /// <summary>Total bytes: pitch x height.</summary>
    public readonly ulong ByteCount => (ulong)Pitch * Height;

    /// <summary>True for a direct-colour (RGB) framebuffer of 32 bits per pixel with 8-bit channels, what the console draws on.</summary>
    public readonly bool IsDrawable =>
        Type == 1 && BitsPerPixel == 32 && RedSize == 8 && GreenSize == 8 && BlueSize == 8 && Width > 0 && Height > 0 &&
        Pitch >= Width * 4 && Address != 0;
}

/// <summary>The framebuffer of this boot, if the loader gave one the console can draw on.</summary>
public static unsafe class Framebuffer
{
    private static FramebufferInfo s_info;
    private static bool s_isAvailable;

    /// <summary>True when a drawable (32-bit RGB) framebuffer was recorded.</summary>
    public static bool IsAvailable => s_isAvailable;

    /// <summary>The recorded framebuffer (all zero when there is none).</summary>
    public static FramebufferInfo Info => s_info;

    /// <summary>Pixel memory: <see cref="FramebufferInfo.Address"/> as a pointer.</summary>
    // Through the direct map (0 on the host, where tests point Address at their own buffer).
    public static byte* Pixels => DirectMap.Pointer(s_info.Address);

    /// <summary>Records the loader's framebuffer; false (and nothing recorded) unless it is drawable.</summary>
    public static bool Set(in FramebufferInfo info)
    {
        if (!info.IsDrawable)
        {
            return false;
        }

        s_info = info;
        s_isAvailable = true;
        return true;
    }

    /// <summary>Forgets the framebuffer. For tests.</summary>
    public static void Reset()
    {
        s_info = default;
        s_isAvailable = false;
    }

    /// <summary>A pixel value of colour (<paramref name="red"/>, <paramref name="green"/>, <paramref name="blue"/>) in this framebuffer's layout.</summary>
    public static uint Colour(byte red, byte green, byte blue) =>
        (uint)red << s_info.RedPosition | (uint)green << s_info.GreenPosition | (uint)blue << s_info.BluePosition;
}
