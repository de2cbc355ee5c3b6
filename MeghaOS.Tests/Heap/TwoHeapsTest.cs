// What the heap switching and frame tests share: two heap implementations registered with the heap subsystem over
// one native frame source, the first active, and a switch through the registry; the global heap state is reset
// before and after each test.
namespace MeghaOS.Tests.Heap;

using System;
using System.Runtime.InteropServices;
using MeghaOS.Memory;
using MeghaOS.Subsystems;
using MeghaOS.Tests.Support;
using Xunit;

/// <summary>A test with two registered heap implementations.</summary>
public abstract unsafe class TwoHeapsTest : IDisposable
{
    private void* _firstState;
    private void* _secondState;

    protected TwoHeapsTest()
    {
        Heap.Reset();
        SubsystemRegistry.Reset();
        HeapSubsystem.Reset();
    }

    /// <summary>Every ordered pair of different heap implementations.</summary>
    public static TheoryData<string, string> Pairs => HeapImplementations.Pairs;

    /// <summary>Where both heaps take their frames.</summary>
    protected NativeFrameSource Frames { get; } = new();

    /// <summary>The implementation active after <see cref="Boot"/>.</summary>
    protected HeapOperations First { get; private set; }

    /// <summary>The other one.</summary>
    protected HeapOperations Second { get; private set; }

    /// <summary>Resets the global heap state and frees both heaps' state and frames.</summary>
    public void Dispose()
    {
        Heap.Reset();
        SubsystemRegistry.Reset();
        HeapSubsystem.Reset();
        Frames.Dispose();
        NativeMemory.Free(_firstState);
        NativeMemory.Free(_secondState);
    }

    /// <summary>Creates <paramref name="from"/> and <paramref name="to"/>, registers both and activates the first.</summary>
    protected void Boot(string from, string to)
    {
        First = HeapImplementations.CreateInstance(from, Frames.Source, out _firstState);
        Second = HeapImplementations.CreateInstance(to, Frames.Source, out _secondState);
        Assert.Equal(RegistrationStatus.Success, HeapSubsystem.Register(First));
        Assert.Equal(RegistrationStatus.Success, HeapSubsystem.Register(Second));
        Assert.Equal(HeapStatus.Success, Heap.SetOperations(First));
    }

    /// <summary>Activates implementation <paramref name="name"/> through the registry.</summary>
    protected static ActivationStatus Switch(string name) =>
        SubsystemRegistry.Activate(HeapSubsystem.Id, System.Text.Encoding.ASCII.GetBytes(name));
}
