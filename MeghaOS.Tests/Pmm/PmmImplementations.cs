// The PMM implementations the contract, handover and model suites run over: exactly the kernel's catalog
// (MeghaOS.Pmm/PmmCatalog.cs), so a new implementation is tested the moment its catalog line exists.
namespace MeghaOS.Tests.Pmm;

using System.Linq;
using MeghaOS.Memory;
using Xunit;

/// <summary>Every implementation under test.</summary>
public static class PmmImplementations
{
    /// <summary>The catalog's implementations, in catalog order.</summary>
    public static PmmImplementation[] All => PmmCatalog.All.ToArray();

    /// <summary>The implementation named <paramref name="name"/>.</summary>
    public static PmmImplementation Named(string name) => All.Single(implementation => implementation.Name == name);

    /// <summary>Theory data: every implementation's name.</summary>
    public static TheoryData<string> Names
    {
        get
        {
            TheoryData<string> data = new();
            foreach (PmmImplementation implementation in All)
            {
                data.Add(implementation.Name);
            }

            return data;
        }
    }

    /// <summary>Theory data: every ordered pair of implementations (from, to), same ones included.</summary>
    public static TheoryData<string, string> Pairs
    {
        get
        {
            TheoryData<string, string> data = new();
            foreach (PmmImplementation from in All)
            {
                foreach (PmmImplementation to in All)
                {
                    data.Add(from.Name, to.Name);
                }
            }

            return data;
        }
    }
}
