// The Cosmos-style kernel shape: the boot code brings up the machine, then calls BeforeRun once and Run for ever.
namespace MeghaOS.Boot;

/// <summary>A kernel in the Cosmos shape: <see cref="BeforeRun"/> once, then <see cref="Run"/> in a loop.</summary>
public abstract class KernelBase
{
    /// <summary>Runs once, after the machine is up: print the banner, set things up.</summary>
    protected abstract void BeforeRun();

    /// <summary>Runs again and again (one read-eval step per call).</summary>
    protected abstract void Run();

    /// <summary>Called by the boot code; never returns.</summary>
    public void Start()
    {
        BeforeRun();
        while (true)
        {
            Run();
        }
    }
}
