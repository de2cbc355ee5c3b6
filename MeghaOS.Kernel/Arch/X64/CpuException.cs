// The 32 exception vectors the CPU reserves, with the names the panic message prints.
namespace MeghaOS.Arch.X64;

/// <summary>x86-64 exception vectors.</summary>
public enum CpuException
{
    DivideError = 0,
    Debug = 1,
    NonMaskableInterrupt = 2,
    Breakpoint = 3,
    Overflow = 4,
    BoundRangeExceeded = 5,
    InvalidOpcode = 6,
    DeviceNotAvailable = 7,
    DoubleFault = 8,
    CoprocessorSegmentOverrun = 9,
    InvalidTss = 10,
    SegmentNotPresent = 11,
    StackSegmentFault = 12,
    GeneralProtection = 13,
    PageFault = 14,
    X87FloatingPoint = 16,
    AlignmentCheck = 17,
    MachineCheck = 18,
    SimdFloatingPoint = 19,
    Virtualization = 20,
    ControlProtection = 21,
    HypervisorInjection = 28,
    VmmCommunication = 29,
    Security = 30,
}

/// <summary>Names of the exception vectors.</summary>
public static class CpuExceptionNames
{
    /// <summary>The name of exception <paramref name="vector"/> (0-31).</summary>
    public static string Of(ulong vector)
    {
        switch (vector)
        {
            case 0: return "divide error (#DE)";
            case 1: return "debug (#DB)";
            case 2: return "non-maskable interrupt";
            case 3: return "breakpoint (#BP)";
            case 4: return "overflow (#OF)";
            case 5: return "bound range exceeded (#BR)";
            case 6: return "invalid opcode (#UD)";
            case 7: return "device not available (#NM)";
            case 8: return "double fault (#DF)";
            case 9: return "coprocessor segment overrun";
            case 10: return "invalid TSS (#TS)";
            case 11: return "segment not present (#NP)";
            case 12: return "stack-segment fault (#SS)";
            case 13: return "general protection fault (#GP)";
            case 14: return "page fault (#PF)";
            case 16: return "x87 floating-point error (#MF)";
            case 17: return "alignment check (#AC)";
            case 18: return "machine check (#MC)";
            case 19: return "SIMD floating-point error (#XM)";
            case 20: return "virtualization exception (#VE)";
            case 21: return "control protection (#CP)";
            case 28: return "hypervisor injection";
            case 29: return "VMM communication (#VC)";
            case 30: return "security exception (#SX)";
            default: return "reserved exception";
        }
    }
}
