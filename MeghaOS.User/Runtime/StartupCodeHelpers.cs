// Start-up of a user program, between Start.asm's _start and the program's Main: the user program's part of the
// partial class StartupCodeHelpers, whose shared part (module set-up: GC static bases and eager class constructors,
// the no-op transition exports, fail-fast) is the kernel's file
// MeghaOS.Kernel/Runtime/Internal/Runtime/CompilerHelpers/StartupCodeHelpers.cs, compiled into this runtime too.
// MeghaOSUserStartup records the System V initial stack (Process.cs reads argc/argv/envp/auxv from it) and sets up
// ILC's modules. ILC's generated __managed__Main then calls InitializeCommandLineArgs and GetMainMethodArguments (by
// name, from this one class) to build Main's string[], calls Main, and passes its result to SetLatchedExitCode and
// Shutdown; Start.asm passes that to exit_group.
namespace Internal.Runtime.CompilerHelpers;

using System.Runtime;
using MeghaOS;
using MeghaOS.User;

internal static unsafe partial class StartupCodeHelpers
{
    private static int s_exitCode;

    /// <summary>Called by _start before any C# that allocates: records the initial stack and sets up the modules.</summary>
    [RuntimeExport("MeghaOSUserStartup")]
    private static void Startup(ulong* initialStack, void** modulesStart, void** modulesEnd)
    {
        Process.SetInitialStack(initialStack);
        if (!InitializeModules(modulesStart, modulesEnd))
        {
            Panic.Halt("the program's module header is not ILC's (wrong ILCompiler version?)");
        }
    }

    // Called by ILC's __managed__Main with _start's argc and argv; Process.cs already has them from the stack.
    internal static void InitializeCommandLineArgs(int argc, sbyte** argv)
    {
    }

    // Main's string[]: argv[1..] (argv[0], the program's name, is Process.Name), as .NET passes them.
    internal static string[] GetMainMethodArguments() => Process.CreateArguments();

    internal static void SetLatchedExitCode(int exitCode) => s_exitCode = exitCode;

    // What __managed__Main returns: Main's result, the exit status _start passes to exit_group.
    internal static int Shutdown() => s_exitCode & 0xFF;
}
