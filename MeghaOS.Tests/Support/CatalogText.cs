// What the kernel shows about a catalog, computed from the catalog itself, so tests hold no list of implementations:
// the names in catalog order and the `implementation` file's line ("[bitmap] buddy stack\n").
namespace MeghaOS.Tests.Support;

using System.Linq;
using MeghaOS.Memory;

/// <summary>Expected texts derived from the kernel's catalogs.</summary>
public static class CatalogText
{
    /// <summary>The PMM catalog's names, in order; the first is the default.</summary>
    public static string[] PmmNames => PmmCatalog.All.ToArray().Select(implementation => implementation.Name).ToArray();

    /// <summary>The heap catalog's names, in order; the first is the default.</summary>
    public static string[] HeapNames => HeapCatalog.All.ToArray().Select(implementation => implementation.Name).ToArray();

    /// <summary>The vm catalog's names, in order; the first is the default.</summary>
    public static string[] VmNames => MeghaOS.Memory.Paging.VmCatalog.All.ToArray().Select(implementation => implementation.Name).ToArray();

    /// <summary>The default PMM (the catalog's first line).</summary>
    public static string DefaultPmm => PmmNames[0];

    /// <summary>Another PMM than the default (the catalog's second line).</summary>
    public static string OtherPmm => PmmNames[1];

    /// <summary>The line /sys/SUBSYSTEM/implementation shows: the names, the active one in brackets, then a newline.</summary>
    public static string ImplementationList(string[] names, string active) =>
        string.Join(" ", names.Select(name => name == active ? "[" + name + "]" : name)) + "\n";

    /// <summary>The PMM implementation file's line with <paramref name="active"/> active and any extra names after the catalog's.</summary>
    public static string PmmList(string active, params string[] extra) => ImplementationList(PmmNames.Concat(extra).ToArray(), active);

    /// <summary>
    /// The same implementation line with <paramref name="active"/> in brackets instead: for the console and timer,
    /// whose catalogs live in kernel-only code, tests take the line the kernel itself printed and move the brackets.
    /// </summary>
    public static string WithActive(string listing, string active) =>
        ImplementationList(listing.TrimEnd('\n').Replace("[", "").Replace("]", "").Split(' '), active);
}
