// Every way registering a subsystem, one of its files or one of its implementations can end. Anything but Success
// registered nothing; the kernel prints a boot message naming what was left out (SubsystemMessages.cs).
namespace MeghaOS.Subsystems;

/// <summary>The result of <see cref="SubsystemRegistry.Declare"/>, <see cref="SubsystemRegistry.AddFile"/> and <see cref="SubsystemRegistry.Register"/>.</summary>
public enum RegistrationStatus
{
    /// <summary>Registered.</summary>
    Success = 0,

    /// <summary>No subsystem has that id.</summary>
    UnknownSubsystem,

    /// <summary>The table is full (<see cref="MeghaOS.Collections.FixedList{T}.Capacity"/> entries).</summary>
    Full,

    /// <summary>That name is registered already.</summary>
    Duplicate,

    /// <summary>The description lacks a name or a function it needs.</summary>
    Incomplete,
}
