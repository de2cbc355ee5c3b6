// Every way asking a subsystem to switch implementation can end.
namespace MeghaOS.Subsystems;

/// <summary>The result of <see cref="SubsystemRegistry.Activate"/>. Anything but Success changed nothing.</summary>
public enum ActivationStatus
{
    /// <summary>The named implementation is active (it may have been already).</summary>
    Success = 0,

    /// <summary>No subsystem has that id.</summary>
    UnknownSubsystem,

    /// <summary>The subsystem has no implementation with that name.</summary>
    UnknownImplementation,

    /// <summary>The implementation could not take over safely; the previous one stays active.</summary>
    Refused,
}
