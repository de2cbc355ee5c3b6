// The framebuffer as the loader reports it (Multiboot flag bit 12, GRUB's layout) and as files: /dev/fb0 reads and
// writes pixel memory at any offset and length, /sys/fb/ shows the geometry; neither exists without a framebuffer.
// The framebuffer here is host memory the test owns.
namespace MeghaOS.Tests.FileSystem;

using System;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using MeghaOS.Boot;
using MeghaOS.Devices;
using MeghaOS.FileSystem;
using MeghaOS.Tests.Support;
using Xunit;

[Collection(GlobalStateCollection.Name)]
public sealed unsafe class FramebufferFileTests : IDisposable
{
    private const uint Width = 16, Height = 4, Pitch = 80; // 64 bytes of pixels and 16 of padding per row
    private readonly byte* _pixels = (byte*)NativeMemory.AllocZeroed(Pitch * Height);

    public void Dispose()
    {
        Framebuffer.Reset();
        NativeMemory.Free(_pixels);
    }

    private FramebufferInfo Info => new FramebufferInfo
    {
        Address = (ulong)_pixels, Pitch = Pitch, Width = Width, Height = Height, BitsPerPixel = 32, Type = 1,
        RedPosition = 16, RedSize = 8, GreenPosition = 8, GreenSize = 8, BluePosition = 0, BlueSize = 8,
    };

    [Fact]
    public void ReadsGrubsFramebufferFields()
    {
        var information = new byte[Multiboot.FramebufferInformationBytes];
        Assert.False(Multiboot.TryGetFramebuffer(information, out _));
        BinaryPrimitives.WriteUInt32LittleEndian(information, 1 << 12);
        BinaryPrimitives.WriteUInt64LittleEndian(information.AsSpan(88), 0x80000000);
        BinaryPrimitives.WriteUInt32LittleEndian(information.AsSpan(96), 4096);
        BinaryPrimitives.WriteUInt32LittleEndian(information.AsSpan(100), 1024);
        BinaryPrimitives.WriteUInt32LittleEndian(information.AsSpan(104), 768);
        information[108] = 32;
        information[109] = 1;
        // GRUB writes the colour fields at 112 (multiboot.h's union is 4-byte aligned), as seen under OVMF.
        new byte[] { 16, 8, 8, 8, 0, 8 }.CopyTo(information, 112);
        Assert.True(Multiboot.TryGetFramebuffer(information, out FramebufferInfo info));
        Assert.Equal(0x80000000UL, info.Address);
        Assert.Equal((4096u, 1024u, 768u, (byte)32, (byte)1), (info.Pitch, info.Width, info.Height, info.BitsPerPixel, info.Type));
        Assert.Equal((16, 8, 8, 8, 0, 8), (info.RedPosition, info.RedSize, info.GreenPosition, info.GreenSize, info.BluePosition, info.BlueSize));
        Assert.True(info.IsDrawable);
        Assert.False(Multiboot.TryGetFramebuffer(information.AsSpan(0, 100), out _));

        information[109] = 2; // EGA text, what GRUB reports with gfxpayload=text
        Assert.True(Multiboot.TryGetFramebuffer(information, out info));
        Assert.False(info.IsDrawable);
    }

    [Fact]
    public void WithoutAFramebufferThereIsNoFb0AndNoSysFb()
    {
        using var kernel = new KernelHarness();
        Assert.Equal(VfsStatus.NotFound, Vfs.Open("/dev/fb0"u8, VfsOpenMode.Read, out _));
        Assert.Equal(VfsStatus.NotFound, Vfs.Open("/sys/fb/width"u8, VfsOpenMode.Read, out _));
    }

    [Fact]
    public void SysFbShowsTheGeometry()
    {
        Assert.True(Framebuffer.Set(Info));
        using var kernel = new KernelHarness();
        Assert.Equal("16\n", KernelHarness.ReadText("/sys/fb/width"));
        Assert.Equal("4\n", KernelHarness.ReadText("/sys/fb/height"));
        Assert.Equal("80\n", KernelHarness.ReadText("/sys/fb/pitch"));
        Assert.Equal("32\n", KernelHarness.ReadText("/sys/fb/bpp"));
    }

    [Theory]
    [InlineData(0UL, 4)]
    [InlineData(3UL, 9)]
    [InlineData(79UL, 2)]
    [InlineData(300UL, 40)]
    [InlineData(319UL, 1)]
    public void Fb0ReadsBackWhatWasWrittenAtAnyOffset(ulong offset, int length)
    {
        Assert.True(Framebuffer.Set(Info));
        using var kernel = new KernelHarness();
        Assert.Equal(VfsStatus.Success, Vfs.Open("/dev/fb0"u8, VfsOpenMode.Read | VfsOpenMode.Write, out VfsFile file));
        Assert.Equal(VfsStatus.Success, Vfs.Stat(file, out VfsStat stat));
        Assert.Equal((ulong)(Pitch * Height), stat.Size);

        byte[] data = new byte[length];
        for (int i = 0; i < length; i++)
        {
            data[i] = (byte)(0xA0 + i);
        }

        Assert.Equal(VfsStatus.Success, Vfs.Write(file, offset, data, out int written));
        int fits = (int)Math.Min((ulong)length, Pitch * Height - offset);
        Assert.Equal(fits, written);
        for (int i = 0; i < fits; i++)
        {
            Assert.Equal(data[i], _pixels[(int)offset + i]);
        }

        byte[] back = new byte[length + 8];
        Assert.Equal(VfsStatus.Success, Vfs.Read(file, offset, back, out int read));
        Assert.Equal((int)Math.Min((ulong)back.Length, Pitch * Height - offset), read);
        Assert.Equal(data.AsSpan(0, fits).ToArray(), back.AsSpan(0, fits).ToArray());
    }

    [Fact]
    public void Fb0EndsAtPitchTimesHeight()
    {
        Assert.True(Framebuffer.Set(Info));
        using var kernel = new KernelHarness();
        Assert.Equal(VfsStatus.Success, Vfs.Open("/dev/fb0"u8, VfsOpenMode.Read | VfsOpenMode.Write, out VfsFile file));
        Assert.Equal(VfsStatus.Success, Vfs.Read(file, Pitch * Height, new byte[4], out int read));
        Assert.Equal(0, read);
        Assert.Equal(VfsStatus.NoSpace, Vfs.Write(file, Pitch * Height, new byte[] { 1 }, out int written));
        Assert.Equal(0, written);
    }

    [Fact]
    public void OnlyA32BitRgbFramebufferIsRecorded()
    {
        FramebufferInfo info = Info;
        info.BitsPerPixel = 16;
        Assert.False(Framebuffer.Set(info));
        Assert.False(Framebuffer.IsAvailable);
    }
}
