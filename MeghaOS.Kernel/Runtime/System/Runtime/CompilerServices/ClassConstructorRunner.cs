// Runs a class's static constructor the first time the class is used (ILC calls these helpers when a class
// has a static constructor it could not run at compile time). One CPU, no threads: no locking needed.
namespace System.Runtime.CompilerServices;

/// <summary>The per-class record ILC places in front of a class's non-GC statics.</summary>
public struct StaticClassConstructionContext
{
    /// <summary>The static constructor's address; 0 once it has run.</summary>
    public nint cctorMethodAddress;
}

internal static unsafe class ClassConstructorRunner
{
    private static object CheckStaticClassConstructionReturnGCStaticBase(ref StaticClassConstructionContext context, object gcStaticBase)
    {
        EnsureClassConstructorRun(ref context);
        return gcStaticBase;
    }

    private static nint CheckStaticClassConstructionReturnNonGCStaticBase(ref StaticClassConstructionContext context, nint nonGcStaticBase)
    {
        EnsureClassConstructorRun(ref context);
        return nonGcStaticBase;
    }

    private static void EnsureClassConstructorRun(ref StaticClassConstructionContext context)
    {
        nint address = context.cctorMethodAddress;
        if (address == 0)
        {
            return;
        }

        // Cleared before the call, so a constructor that touches its own class does not run twice.
        context.cctorMethodAddress = 0;
        ((delegate*<void>)address)();
    }
}
