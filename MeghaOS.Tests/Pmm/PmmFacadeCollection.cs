// The Pmm facade is global state, so every test that installs an implementation runs in this one collection,
// one at a time, and resets the facade first.
namespace MeghaOS.Tests.Pmm;

using Xunit;

/// <summary>The xunit collection of tests that use the global Pmm facade.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class PmmFacadeCollection
{
    /// <summary>The collection's name.</summary>
    public const string Name = "Pmm facade";
}
