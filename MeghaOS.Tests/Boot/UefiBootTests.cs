// UEFI boot tests: the hybrid ISO boots under OVMF (GRUB EFI sets a graphics mode, the kernel draws its console on
// the framebuffer). One OVMF session serves every assertion, since OVMF takes tens of seconds to reach GRUB under
// TCG: the prompt over serial; the framebuffer compared pixel by pixel with text rendered on the host with the same
// font (BitmapFont, shared with the kernel), not with a stored image; /sys/fb; the PS/2 keyboard; console=fb and
// vga's refusal; memmap's picture and its return on a key; /dev/fb0 reading back what was written. Plus, under
// SeaBIOS, the ISO's framebuffer entry (console=fb in a graphics mode GRUB sets through VBE), and a quick -kernel boot
// (no framebuffer there) asking for console=fb.
namespace MeghaOS.Tests.Boot;

using System;
using System.IO;
using MeghaOS.Devices;
using MeghaOS.Tests.Support;
using Xunit;

[Collection("QEMU")]
public sealed class UefiBootTests
{
    private static readonly TimeSpan BootTimeout = TimeSpan.FromSeconds(240);
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(30);

    private const string BannerLine = "MeghaOS - a teaching OS in C# (x86-64, NativeAOT)";

    [Fact]
    public void BootsUnderOvmfAndDrawsTheConsoleOnTheFramebuffer()
    {
        Assert.True(File.Exists(Ovmf.Code), "OVMF is not installed (scripts/setup.sh installs the ovmf package)");
        using var qemu = QemuSession.Start(BootMedium.UefiIso, 256, withMonitor: true);
        MeghaOS.Tests.EndToEnd.UserShellFixture.ExitToKernelShell(qemu, BootTimeout); // the ISO starts /bin/init and the user shell
        Assert.Contains(Kernel.Banner, qemu.Output);
        Assert.DoesNotContain(Kernel.PanicMarker, qemu.Output);

        // /sys/fb describes the mode GRUB set (1024x768x32, asked for in the Multiboot header).
        Assert.Equal("1024\n", qemu.Run("cat /sys/fb/width", CommandTimeout));
        Assert.Equal("768\n", qemu.Run("cat /sys/fb/height", CommandTimeout));
        Assert.Equal("32\n", qemu.Run("cat /sys/fb/bpp", CommandTimeout));
        int pitch = int.Parse(qemu.Run("cat /sys/fb/pitch", CommandTimeout).Trim());
        Assert.True(pitch >= 1024 * 4, $"pitch {pitch}");

        // The screen: after clear, row 0 holds the prompt and the command, row 1 the banner text echoed.
        qemu.Run("clear", CommandTimeout);
        Assert.Equal(BannerLine + "\n", qemu.Run("echo " + BannerLine, CommandTimeout));
        Screen screen = Screen.Dump(qemu, CommandTimeout);
        AssertTextAt(screen, 0, Kernel.Prompt + "echo " + BannerLine);
        AssertTextAt(screen, 1, BannerLine);

        // Colours: the prompt light green, command text light grey, an error line light red.
        Assert.Contains("unknown command", qemu.Run("nosuchcommand", CommandTimeout));
        Screen coloured = Screen.Dump(qemu, CommandTimeout);
        AssertTextAt(coloured, 2, Kernel.Prompt + "nosuchcommand");
        Assert.Equal((0x55, 0xFF, 0x55), LitColour(coloured, 2, 0, 10));
        Assert.Equal((0xAA, 0xAA, 0xAA), LitColour(coloured, 2, 11, 13));
        Assert.Equal((0xFF, 0x55, 0x55), LitColour(coloured, 3, 0, 10));

        // The PS/2 keyboard works under OVMF: typed at the VM, echoed on serial.
        int before = qemu.Output.Length;
        foreach (string key in new[] { "p", "w", "d", "ret" })
        {
            qemu.Monitor("sendkey " + key, CommandTimeout);
        }

        qemu.WaitFor("pwd\n/\n", CommandTimeout, before);

        // memmap draws full-screen (squares in green for free memory) and returns on a key.
        before = qemu.Output.Length;
        qemu.SendLine("memmap");
        qemu.WaitFor("memmap\n", CommandTimeout, before);
        System.Threading.Thread.Sleep(3000);
        Screen picture = Screen.Dump(qemu, CommandTimeout);
        Assert.True(picture.Count(pixel => IsFreeSquareGreen(pixel)) > 10000, "no free (green) squares in the picture");
        qemu.Monitor("sendkey spc", CommandTimeout);
        qemu.WaitForPrompt(CommandTimeout, before + "memmap\n".Length);
        Screen back = Screen.Dump(qemu, CommandTimeout);
        Assert.Equal(0, back.Count(pixel => IsFreeSquareGreen(pixel)));

        // console=fb at run time; vga is refused (there is no text mode).
        string consoles = qemu.Run("cat /sys/console/implementation", CommandTimeout);
        Assert.Contains("refused", qemu.Run("echo vga > /sys/console/implementation", CommandTimeout));
        qemu.SendLine("echo fb > /sys/console/implementation");
        qemu.SendLine("clear");
        qemu.SendLine("echo on the framebuffer only");
        qemu.SendLine("echo both > /sys/console/implementation");
        Assert.Equal(CatalogText.WithActive(consoles, "both"), qemu.Run("cat /sys/console/implementation", CommandTimeout));
        Screen fbOnly = Screen.Dump(qemu, CommandTimeout);
        AssertTextAt(fbOnly, 1, "on the framebuffer only");

        // /dev/fb0: with the console on serial only nothing redraws the screen; what is written reads back and is
        // what the screen shows (pixel 0 is blue, green, red, unused in memory).
        qemu.Run("echo serial > /sys/console/implementation", CommandTimeout);
        Assert.Contains("size " + (pitch * 768), qemu.Run("stat /dev/fb0", CommandTimeout));
        qemu.Run("echo ABCDEFGH > /dev/fb0", CommandTimeout);
        string dump = qemu.Run("hexdump /dev/fb0 0 9", CommandTimeout);
        Assert.StartsWith("00000000  41 42 43 44 45 46 47 48  0a", dump);
        Screen written = Screen.Dump(qemu, CommandTimeout);
        Assert.Equal((0x43, 0x42, 0x41), (written[0, 0].Red, written[0, 0].Green, written[0, 0].Blue));
        Assert.Equal((0x47, 0x46, 0x45), (written[1, 0].Red, written[1, 0].Green, written[1, 0].Blue));
        qemu.Run("echo both > /sys/console/implementation", CommandTimeout);
        Assert.DoesNotContain(Kernel.PanicMarker, qemu.Output);
    }

    [Fact]
    public void TheBiosFramebufferEntryDrawsTheConsole()
    {
        // The ISO's second GRUB entry ("MeghaOS (framebuffer console)": gfxpayload 1024x768x32, console=fb), made the
        // default in a copy of grub.cfg, packed by grub-mkrescue with the build's module list, booted under SeaBIOS.
        string root = MeghaOS.Tests.Docs.SourceReferences.FindRoot();
        string work = Path.Combine(Path.GetTempPath(), "meghaos-fb-iso-" + Guid.NewGuid().ToString("N"));
        try
        {
            Directory.CreateDirectory(Path.Combine(work, "tree", "boot", "grub"));
            File.Copy(Path.Combine(QemuSession.ImageDirectory, "meghaos.bin"), Path.Combine(work, "tree", "boot", "meghaos.bin"));
            string grubConfig = File.ReadAllText(Path.Combine(root, "MeghaOS.Kernel", "Boot", "grub.cfg"));
            Assert.Contains("set default=0\n", grubConfig);
            File.WriteAllText(Path.Combine(work, "tree", "boot", "grub", "grub.cfg"), grubConfig.Replace("set default=0\n", "set default=1\n"));
            string targets = File.ReadAllText(Path.Combine(root, "MeghaOS.Kernel", "MeghaOS.Kernel.Native.targets"));
            var modules = System.Text.RegularExpressions.Regex.Match(targets, "--install-modules=&quot;([^&]*)&quot;");
            Assert.True(modules.Success, "no --install-modules in MeghaOS.Kernel.Native.targets");
            string iso = Path.Combine(work, "fb.iso");
            var mkrescue = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("grub-mkrescue")
            {
                ArgumentList = { "-o", iso, Path.Combine(work, "tree"), "--install-modules=" + modules.Groups[1].Value, "--fonts=", "--locales=", "--themes=" },
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            })!;
            string log = mkrescue.StandardError.ReadToEnd() + mkrescue.StandardOutput.ReadToEnd();
            mkrescue.WaitForExit();
            Assert.True(mkrescue.ExitCode == 0, log);

            using var qemu = QemuSession.Start(BootMedium.Iso, 64, withMonitor: true, image: iso);
            // Serial carries the boot until console=fb takes over; then the shell is steered back to both over serial.
            qemu.WaitFor(Kernel.Banner, TimeSpan.FromSeconds(60));
            qemu.SendLine("echo both > /sys/console/implementation");
            qemu.WaitForPrompt(TimeSpan.FromSeconds(60));
            Assert.Equal("1024\n", qemu.Run("cat /sys/fb/width", CommandTimeout));
            Assert.Equal("768\n", qemu.Run("cat /sys/fb/height", CommandTimeout));
            Screen screen = Screen.Dump(qemu, CommandTimeout);
            Assert.Equal((1024, 768), (screen.Width, screen.Height));
            AssertTextAt(screen, 0, BannerLine);
            Assert.DoesNotContain(Kernel.PanicMarker, qemu.Output);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    [Fact]
    public void ConsoleFbWithoutAFramebufferIsRefusedAtBoot()
    {
        // QEMU's -kernel loader sets no graphics mode: the VGA text console stays, and the choice is refused.
        using var qemu = QemuSession.Start(BootMedium.Kernel, 64, commandLine: "console=fb");
        qemu.WaitFor(Kernel.Prompt, TimeSpan.FromSeconds(60));
        Assert.Contains("warning: boot option console=fb: the switch was refused, keeping both\n", qemu.Output);
        Assert.Contains("No such file", qemu.Run("ls /sys/fb", CommandTimeout) + qemu.Run("stat /dev/fb0", CommandTimeout), StringComparison.OrdinalIgnoreCase);
    }

    // The one colour of the lit pixels in cells [first, last) of text row `row`.
    private static (int Red, int Green, int Blue) LitColour(Screen screen, int row, int first, int last)
    {
        (int, int, int)? colour = null;
        for (int y = row * BitmapFont.CellHeight; y < (row + 1) * BitmapFont.CellHeight; y++)
        {
            for (int x = first * BitmapFont.CellWidth; x < last * BitmapFont.CellWidth; x++)
            {
                var pixel = screen[x, y];
                if (pixel.Red + pixel.Green + pixel.Blue > 3 * 0x60)
                {
                    Assert.True(colour == null || colour == pixel, $"two colours in row {row}: {colour} and {pixel}");
                    colour = pixel;
                }
            }
        }

        Assert.True(colour != null, $"nothing drawn in row {row}");
        return colour!.Value;
    }

    // memmap's colour for a group with every frame free is (0x20, 0xB0, 0x30); the prompt's light green is (0x55, 0xFF, 0x55).
    private static bool IsFreeSquareGreen((int Red, int Green, int Blue) pixel) =>
        pixel.Green >= 0x90 && pixel.Green <= 0xC0 && pixel.Red < 0x40 && pixel.Blue < 0x40;

    // Every pixel of the cells of text row `row` must be foreground exactly where the font says so.
    private static void AssertTextAt(Screen screen, int row, string text)
    {
        int mismatches = 0;
        for (int i = 0; i < text.Length; i++)
        {
            for (int y = 0; y < BitmapFont.CellHeight; y++)
            {
                for (int x = 0; x < BitmapFont.CellWidth; x++)
                {
                    bool expected = BitmapFont.IsCellPixelSet((byte)text[i], x, y);
                    var pixel = screen[i * BitmapFont.CellWidth + x, row * BitmapFont.CellHeight + y];
                    bool lit = pixel.Red + pixel.Green + pixel.Blue > 3 * 0x60;
                    mismatches += expected == lit ? 0 : 1;
                }
            }
        }

        Assert.True(mismatches == 0, $"{mismatches} pixels differ from '{text}' rendered with BitmapFont on row {row}");
    }

    /// <summary>A QEMU screendump (PPM, P6) read into memory.</summary>
    private sealed class Screen
    {
        private readonly byte[] _pixels;

        private Screen(int width, int height, byte[] pixels)
        {
            Width = width;
            Height = height;
            _pixels = pixels;
        }

        public int Width { get; }

        public int Height { get; }

        public (int Red, int Green, int Blue) this[int x, int y]
        {
            get
            {
                int at = (y * Width + x) * 3;
                return (_pixels[at], _pixels[at + 1], _pixels[at + 2]);
            }
        }

        public int Count(Func<(int Red, int Green, int Blue), bool> predicate)
        {
            int count = 0;
            for (int y = 0; y < Height; y++)
            {
                for (int x = 0; x < Width; x++)
                {
                    count += predicate(this[x, y]) ? 1 : 0;
                }
            }

            return count;
        }

        public static Screen Dump(QemuSession qemu, TimeSpan timeout)
        {
            string file = Path.Combine(Path.GetTempPath(), "meghaos-uefi-" + Guid.NewGuid().ToString("N") + ".ppm");
            try
            {
                Assert.Equal("", qemu.Monitor("screendump " + file, timeout).Trim());
                return Parse(File.ReadAllBytes(file));
            }
            finally
            {
                File.Delete(file);
            }
        }

        // "P6", width, height, maximum value (255), each followed by one blank, then RGB bytes.
        private static Screen Parse(byte[] ppm)
        {
            int position = 0;
            string Next()
            {
                while (char.IsWhiteSpace((char)ppm[position]))
                {
                    position++;
                }

                int start = position;
                while (!char.IsWhiteSpace((char)ppm[position]))
                {
                    position++;
                }

                return System.Text.Encoding.ASCII.GetString(ppm, start, position - start);
            }

            Assert.Equal("P6", Next());
            int width = int.Parse(Next());
            int height = int.Parse(Next());
            Assert.Equal("255", Next());
            position++;
            Assert.Equal(width * height * 3, ppm.Length - position);
            return new Screen(width, height, ppm.AsSpan(position).ToArray());
        }
    }
}
