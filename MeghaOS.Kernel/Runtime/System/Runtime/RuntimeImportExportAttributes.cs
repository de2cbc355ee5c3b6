// The two attributes that connect C# to symbols: RuntimeImport calls a native function by its symbol name
// (the CPU helpers in Arch/X64/*.asm), RuntimeExport gives a C# method a symbol name (the helpers ILC's code calls).
namespace System.Runtime;

/// <summary>Calls the native function <c>entry</c> directly (the method must be extern and InternalCall).</summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class RuntimeImportAttribute : Attribute
{
    /// <summary>Imports <paramref name="entry"/> from <paramref name="library"/> ("*": the image itself).</summary>
    public RuntimeImportAttribute(string library, string entry)
    {
    }
}

/// <summary>Exports the method under the symbol name <c>entry</c>.</summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class RuntimeExportAttribute : Attribute
{
    /// <summary>Exports the method as <paramref name="entry"/>.</summary>
    public RuntimeExportAttribute(string entry)
    {
    }
}
