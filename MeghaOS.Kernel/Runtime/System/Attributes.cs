// The attribute types the C# compiler itself needs.
namespace System;

/// <summary>The base class of attributes.</summary>
public abstract class Attribute
{
}

/// <summary>What an attribute may be applied to.</summary>
[Flags]
public enum AttributeTargets
{
    Assembly = 0x0001,
    Module = 0x0002,
    Class = 0x0004,
    Struct = 0x0008,
    Enum = 0x0010,
    Constructor = 0x0020,
    Method = 0x0040,
    Property = 0x0080,
    Field = 0x0100,
    Event = 0x0200,
    Interface = 0x0400,
    Parameter = 0x0800,
    Delegate = 0x1000,
    ReturnValue = 0x2000,
    GenericParameter = 0x4000,
    All = 0x7FFF,
}

/// <summary>Declares where an attribute applies.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = true)]
public sealed class AttributeUsageAttribute : Attribute
{
    /// <summary>Declares where an attribute applies.</summary>
    public AttributeUsageAttribute(AttributeTargets validOn)
    {
    }

    /// <summary>Whether the attribute may appear more than once.</summary>
    public bool AllowMultiple { get; set; }

    /// <summary>Whether derived classes inherit the attribute.</summary>
    public bool Inherited { get; set; }
}

/// <summary>Marks an enum as a bit field.</summary>
[AttributeUsage(AttributeTargets.Enum)]
public sealed class FlagsAttribute : Attribute
{
}

/// <summary>Marks a params parameter.</summary>
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class ParamArrayAttribute : Attribute
{
}

/// <summary>Marks an obsolete member (the compiler also puts it on ref structs).</summary>
public sealed class ObsoleteAttribute : Attribute
{
    /// <summary>Marks an obsolete member.</summary>
    public ObsoleteAttribute(string message, bool error)
    {
    }
}
