// What ILC's generated code calls when a check fails (array bounds, null, overflow, division by zero...).
// The kernel has no exception unwinding, and any of these is a kernel bug, so each one panics with its name.
namespace Internal.Runtime.CompilerHelpers;

using MeghaOS;

internal static class ThrowHelpers
{
    internal static void ThrowIndexOutOfRangeException() => Panic.Halt("index out of range");
    internal static void ThrowArgumentOutOfRangeException() => Panic.Halt("argument out of range");
    internal static void ThrowArgumentException() => Panic.Halt("bad argument");
    internal static void ThrowDivideByZeroException() => Panic.Halt("division by zero");
    internal static void ThrowOverflowException() => Panic.Halt("arithmetic overflow");
    internal static void ThrowNullReferenceException() => Panic.Halt("null reference");
    internal static void ThrowInvalidCastException() => Panic.Halt("invalid cast");
    internal static void ThrowArrayTypeMismatchException() => Panic.Halt("array type mismatch");
    internal static void ThrowPlatformNotSupportedException() => Panic.Halt("platform not supported");
    internal static void ThrowTypeLoadException() => Panic.Halt("type load failure");
    internal static void ThrowInvalidProgramException() => Panic.Halt("invalid program");
    internal static void ThrowNotImplementedException() => Panic.Halt("not implemented");
    internal static void ThrowMissingMethodException() => Panic.Halt("missing method");
    internal static void ThrowMissingFieldException() => Panic.Halt("missing field");
    internal static void ThrowBadImageFormatException() => Panic.Halt("bad image format");
    internal static void ThrowFeatureBodyRemoved() => Panic.Halt("feature removed");
}
