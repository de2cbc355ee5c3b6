// The facades (Pmm, Heap, Terminal, Vfs) are global statics: tests that touch them run one at a time in this collection.
namespace MeghaOS.Tests.Support;

using Xunit;

/// <summary>The xunit collection for tests that use global kernel state; its tests never run in parallel.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class GlobalStateCollection
{
    /// <summary>The collection's name, for [Collection(...)].</summary>
    public const string Name = "Global kernel state";
}
