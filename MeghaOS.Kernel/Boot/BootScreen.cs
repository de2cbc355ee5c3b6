// The screen at boot: the framebuffer console when the loader set a drawable graphics mode (Multiboot video fields;
// always under UEFI), the VGA text screen otherwise (BIOS in text mode, QEMU -kernel). Runs before the console
// subsystem, whose "both", "vga" and "fb" depend on what it found.
namespace MeghaOS.Boot;

using System;
using MeghaOS.Devices;
using MeghaOS.Drivers;

/// <summary>Chooses and clears the boot screen.</summary>
internal static unsafe class BootScreen
{
    /// <summary>Records the loader's framebuffer, if drawable, and clears the screen in use.</summary>
    internal static void Initialize(byte* multibootInformation)
    {
        var information = new ReadOnlySpan<byte>(multibootInformation, Multiboot.FramebufferInformationBytes);
        if (Multiboot.TryGetFramebuffer(information, out FramebufferInfo framebuffer) && Framebuffer.Set(framebuffer) &&
            FramebufferScreen.Initialize())
        {
            return;
        }

        VgaTextScreen.Clear();
    }

}
