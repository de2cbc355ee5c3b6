// The generic registry behind every /sys/<subsystem>/implementation file, with a toy subsystem.
namespace MeghaOS.Tests.FileSystem;

using System;
using System.Text;
using MeghaOS.FileSystem;
using MeghaOS.FileSystem.SysFs;
using MeghaOS.Subsystems;
using MeghaOS.Tests.Support;
using Xunit;

[Collection(GlobalStateCollection.Name)]
public sealed unsafe class SubsystemRegistryTests : IDisposable
{
    private static string s_active = "red";
    private static bool s_allowBlue = true;

    public SubsystemRegistryTests()
    {
        TestHeap.Install();
        SubsystemRegistry.Reset();
        s_active = "red";
        s_allowBlue = true;
    }

    public void Dispose() => SubsystemRegistry.Reset();

    private static string ActiveColour() => s_active;

    private static bool ActivateRed(void* context)
    {
        s_active = "red";
        return true;
    }

    private static bool ActivateBlue(void* context)
    {
        if (!s_allowBlue)
        {
            return false;
        }

        s_active = "blue";
        return true;
    }

    private static string List(int id)
    {
        byte[] buffer = new byte[64];
        int length = SubsystemRegistry.WriteImplementationList(id, buffer);
        return Encoding.ASCII.GetString(buffer, 0, length);
    }

    [Fact]
    public void OneRegistrationLinePerImplementation()
    {
        int id = SubsystemRegistry.Declare("colour", &ActiveColour);
        Assert.Equal(RegistrationStatus.Success, SubsystemRegistry.Register(id, "red", null, &ActivateRed));
        Assert.Equal(RegistrationStatus.Success, SubsystemRegistry.Register(id, "blue", null, &ActivateBlue));
        Assert.Equal(RegistrationStatus.Duplicate, SubsystemRegistry.Register(id, "blue", null, &ActivateBlue));
        Assert.Equal(RegistrationStatus.UnknownSubsystem, SubsystemRegistry.Register(id + 1, "green", null, &ActivateBlue));
        Assert.Equal(RegistrationStatus.Incomplete, SubsystemRegistry.Register(id, "green", null, null));
        Assert.Equal(id, SubsystemRegistry.Declare("colour", &ActiveColour));
        Assert.Equal("[red] blue\n", List(id));
        Assert.Equal(ActivationStatus.Success, SubsystemRegistry.Activate(id, "blue"u8));
        Assert.Equal("red [blue]\n", List(id));
        Assert.Equal(ActivationStatus.UnknownImplementation, SubsystemRegistry.Activate(id, "green"u8));
        Assert.Equal(ActivationStatus.Success, SubsystemRegistry.Activate(id, "red"u8));
        s_allowBlue = false;
        Assert.Equal(ActivationStatus.Refused, SubsystemRegistry.Activate(id, "blue"u8));
        Assert.Equal("[red] blue\n", List(id));
        Assert.Equal(ActivationStatus.UnknownSubsystem, SubsystemRegistry.Activate(7, "red"u8));
    }

    [Fact]
    public void ImplementationFileWorksForAnySubsystem()
    {
        int id = SubsystemRegistry.Declare("colour", &ActiveColour);
        SubsystemRegistry.Register(id, "red", null, &ActivateRed);
        SubsystemRegistry.Register(id, "blue", null, &ActivateBlue);
        Assert.Equal(VfsStatus.Success, SysFileSystem.Create(out FileSystemOperations sysfs));
        Assert.True(ImplementationFile.Add(sysfs, id) >= 0);

        Assert.Equal(VfsStatus.Success, sysfs.Lookup(sysfs.Context, sysfs.RootNode, "colour"u8, out ulong directory));
        Assert.Equal(VfsStatus.Success, sysfs.Lookup(sysfs.Context, directory, "implementation"u8, out ulong file));
        byte[] buffer = new byte[64];
        Assert.Equal(VfsStatus.Success, sysfs.Read(sysfs.Context, file, 0, buffer, out int count));
        Assert.Equal("[red] blue\n", Encoding.ASCII.GetString(buffer, 0, count));
        Assert.Equal(VfsStatus.Success, sysfs.Write(sysfs.Context, file, 0, "blue\n"u8, out _));
        Assert.Equal("blue", s_active);
        Assert.Equal(VfsStatus.InvalidArgument, sysfs.Write(sysfs.Context, file, 0, "green\n"u8, out _));
        Assert.Equal("blue", s_active);
        SyntheticFileSystemDestroy(sysfs);
    }

    private static void SyntheticFileSystemDestroy(in FileSystemOperations sysfs) =>
        MeghaOS.FileSystem.Synthetic.SyntheticFileSystem.Destroy(sysfs);
}
