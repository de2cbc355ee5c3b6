// The shell's `ring3 probe NAME` and `ring3 bench`: a few bytes of machine code run in ring 3, each in an address
// space of its own (a code page, read-only and executable, and a stack page, writable and not executable), to show
// the hardware enforcing the rule that user code reaches the kernel only through `syscall`. Privileged instructions,
// stores to and jumps into kernel memory, int3, a division by zero and a read of an unmapped address each fault; the
// thread alone ends with a one-line message naming the fault and the address, the shell goes on, and every frame
// the probe took (page tables, pages, the thread's kernel stack) is back in the PMM afterwards (the command prints
// the frames in use before and after). `spin` loops for ever in ring 3 and is ended by the shell (the timer preempts
// user code); `touch` stores to four pages (demand-zero fills them under `vm=demand`); `bench` times a null system
// call round trip with rdtsc in ring 3.
//
// Probe threads have no process (SchedulerTask.Process null), so UserMode sends their system calls and faults here
// whatever handlers the process layer installed: getpid (39) answers the task id, exit (60) and exit_group (231) end
// the thread, any other number returns -ENOSYS.
namespace MeghaOS.Arch.X64;

using System;
using MeghaOS.Devices;
using MeghaOS.Memory;
using MeghaOS.Memory.Paging;
using MeghaOS.Processes;
using MeghaOS.Scheduling;
using MeghaOS.Text;

/// <summary>Built-in ring 3 probes and the built-in handlers of threads without a process.</summary>
internal static unsafe class UserProbes
{
    /// <summary>Where a probe's code page is: 512 GiB, past the kernel's identity map (top-level slot 0).</summary>
    internal const ulong CodeBase = 0x80_0000_0000;

    private const ulong StackPage = CodeBase + 0x10_0000;
    private const ulong DataBase = CodeBase + 0x20_0000;
    private const ulong UnmappedAddress = CodeBase + 0x1000_0000;
    private const ulong Page = PhysicalAddress.FrameSize;
    private const ulong FrameLimit = 64;
    private const ulong BenchCalls = 10000;
    private const ulong WaitLimitMilliseconds = 5000;
    private const ulong SpinMilliseconds = 300;
    private const long NoSuchSystemCall = -38; // -ENOSYS

    // What the last probe thread did (written by the handlers below, read by the shell once the thread is gone).
    private static bool s_exited;
    private static ulong s_exitStatus;
    private static bool s_faulted;
    private static int s_signal;
    private static ulong s_vector;
    private static ulong s_errorCode;
    private static ulong s_address;
    private static ulong s_rip;

    // A kernel word the write-kernel and read-kernel probes aim at.
    private static ulong s_kernelWord;

    private static ReadOnlySpan<byte> Names =>
        "syscall cli hlt in out cr3 wrmsr lgdt write-kernel read-kernel jump-kernel jump-stack write-code int3 divide unmapped touch spin"u8;

    /// <summary>The built-in system calls of a thread without a process.</summary>
    internal static void SystemCall(UserRegisters* registers)
    {
        switch (registers->Rax)
        {
            case 39: // getpid
                registers->Rax = (ulong)Scheduler.Current->Id;
                break;
            case 60: // exit
            case 231: // exit_group
                s_exitStatus = registers->Rdi;
                s_exited = true;
                Scheduler.Exit();
                break;
            default:
                registers->Rax = unchecked((ulong)NoSuchSystemCall);
                break;
        }
    }

    /// <summary>Records the exception that is about to end a thread (for the message).</summary>
    internal static void NoteFault(ulong vector, ulong errorCode)
    {
        s_vector = vector;
        s_errorCode = errorCode;
    }

    /// <summary>Ends the current thread after a fault in ring 3; never returns.</summary>
    internal static void EndOnFault(int signal, ulong address, ulong rip)
    {
        s_signal = signal;
        s_address = address;
        s_rip = rip;
        s_faulted = true;
        Scheduler.Exit();
    }

    /// <summary>
    /// Runs probe <paramref name="name"/> ("bench" for the system-call figure) and prints what happened. False, having
    /// printed nothing, for an unknown name.
    /// </summary>
    internal static bool Run(ReadOnlySpan<byte> name)
    {
        byte* bytes = stackalloc byte[64];
        int length = Code(name, new Span<byte>(bytes, 64));
        if (length == 0)
        {
            return false;
        }

        ulong usedBefore = Pmm.Counts.AllocatedFrames;
        if (AddressSpaces.Create(FrameLimit, out AddressSpace space) != VmStatus.Success)
        {
            Terminal.Write("ring3: no address space could be made\n"u8);
            return true;
        }

        bool mapped = AddressSpaces.Map(space, CodeBase, Page, PageAccess.Read | PageAccess.Execute) == VmStatus.Success &&
            AddressSpaces.Map(space, StackPage, Page, PageAccess.Read | PageAccess.Write) == VmStatus.Success &&
            AddressSpaces.Map(space, DataBase, 4 * Page, PageAccess.Read | PageAccess.Write) == VmStatus.Success &&
            AddressSpaces.Write(space, CodeBase, bytes, (ulong)length, false) == VmStatus.Success;
        if (!mapped)
        {
            Terminal.Write("ring3: the probe's pages could not be mapped\n"u8);
            AddressSpaces.Destroy(space);
            return true;
        }

        UserRegisters registers = default;
        registers.Rip = CodeBase;
        registers.Rsp = StackPage + Page;
        registers.Rflags = 0x202;
        s_exited = false;
        s_faulted = false;
        Span<byte> taskName = stackalloc byte[SchedulerTask.MaxNameLength];
        int nameLength = TaskName(name, taskName);
        int id = UserMode.SpawnUserThread(taskName.Slice(0, nameLength), space, null, &registers);
        if (id < 0)
        {
            Terminal.Write("ring3: no task could be started\n"u8);
            AddressSpaces.Destroy(space);
            return true;
        }

        bool isSpin = Bytes.Equal(name, "spin"u8);
        ulong limit = isSpin ? SpinMilliseconds : WaitLimitMilliseconds;
        ulong waited = 0;
        while (Scheduler.Find(id) != null && waited < limit)
        {
            Timer.Wait(10_000_000);
            waited += 10;
        }

        ulong spinSwitches = 0;
        bool killed = false;
        SchedulerTask* task = Scheduler.Find(id);
        if (task != null)
        {
            spinSwitches = task->Switches;
            killed = Scheduler.Kill(id) == TaskRequestStatus.Success;
        }

        ulong spaceFrames = AddressSpaces.FrameCount(space);
        AddressSpaces.Destroy(space);
        Report(name, id, killed, spinSwitches, spaceFrames);
        ulong usedAfter = Pmm.Counts.AllocatedFrames;
        Terminal.Write("ring3: frames in use before "u8);
        WriteDecimal(usedBefore);
        Terminal.Write(", after "u8);
        WriteDecimal(usedAfter);
        Terminal.Write(usedBefore == usedAfter ? " (all returned)\n"u8 : " (LEAKED)\n"u8);
        return true;
    }

    private static void Report(ReadOnlySpan<byte> name, int id, bool killed, ulong switches, ulong spaceFrames)
    {
        Terminal.Write("ring3 probe "u8);
        Terminal.Write(name);
        Terminal.Write(" (task "u8);
        WriteDecimal((ulong)id);
        Terminal.Write("): "u8);
        if (killed)
        {
            Terminal.Write("still running in ring 3 after "u8);
            WriteDecimal(SpinMilliseconds);
            Terminal.Write(" ms, switched to "u8);
            WriteDecimal(switches);
            Terminal.Write(" times between timer preemptions; ended by the shell\n"u8);
        }
        else if (s_faulted)
        {
            Terminal.Write(s_vector < 32 ? CpuExceptionNames.Of(s_vector) : "fault");
            Terminal.Write(" at address "u8);
            WriteHex(s_address);
            Terminal.Write(", rip "u8);
            WriteHex(s_rip);
            if (s_vector == (ulong)CpuException.PageFault)
            {
                Terminal.Write((s_errorCode & 1) != 0 ? " (protection"u8 : " (not present"u8);
                Terminal.Write((s_errorCode & 16) != 0 ? ", instruction fetch)"u8 : (s_errorCode & 2) != 0 ? ", write)"u8 : ", read)"u8);
            }

            Terminal.Write(", signal "u8);
            WriteDecimal((ulong)s_signal);
            Terminal.Write("; thread ended, kernel fine\n"u8);
        }
        else if (s_exited && Bytes.Equal(name, "bench"u8))
        {
            Terminal.Write("null system call (getpid) round trip: "u8);
            WriteDecimal(s_exitStatus / BenchCalls);
            Terminal.Write(" cycles ("u8);
            WriteDecimal(BenchCalls);
            Terminal.Write(" calls, "u8);
            WriteDecimal(s_exitStatus);
            Terminal.Write(" cycles)\n"u8);
        }
        else if (s_exited)
        {
            Terminal.Write("exit("u8);
            WriteDecimal(s_exitStatus);
            Terminal.Write("); its space held "u8);
            WriteDecimal(spaceFrames);
            Terminal.Write(" frames ("u8);
            Terminal.Write(AddressSpaces.ImplementationName);
            Terminal.Write(")\n"u8);
        }
        else
        {
            Terminal.Write("did not finish\n"u8);
        }
    }

    // "r3-NAME", cut to a task name's length.
    private static int TaskName(ReadOnlySpan<byte> name, Span<byte> destination)
    {
        destination[0] = (byte)'r';
        destination[1] = (byte)'3';
        destination[2] = (byte)'-';
        int length = 3;
        for (int i = 0; i < name.Length && length < destination.Length; i++)
        {
            destination[length++] = name[i];
        }

        return length;
    }

    /// <summary>Writes the probe names, separated by spaces, and on a line of its own which protections the CPU has on.</summary>
    internal static void WriteNames()
    {
        Terminal.Write(Names);
        Terminal.Write(UserMode.HasNoExecute ? "\nprotections: NX on"u8 : "\nprotections: NX off (CPU lacks it)"u8);
        Terminal.Write(UserMode.HasSmep ? ", SMEP on"u8 : ", SMEP off (CPU lacks it)"u8);
        Terminal.Write(UserMode.HasSmap ? ", SMAP on"u8 : ", SMAP off (CPU lacks it)"u8);
    }

    // The machine code of a probe, or 0 bytes for an unknown name.
    private static int Code(ReadOnlySpan<byte> name, Span<byte> code)
    {
        int n = 0;
        if (Bytes.Equal(name, "syscall"u8))
        {
            n = Put(code, n, new byte[] { 0xB8, 0x27, 0x00, 0x00, 0x00, 0x0F, 0x05, 0x48, 0x89, 0xC7 });          // mov eax, 39; syscall; mov rdi, rax
            n = Exit(code, n);                                                          // exit(getpid())
        }
        else if (Bytes.Equal(name, "cli"u8)) { n = Put(code, n, new byte[] { 0xFA }); }
        else if (Bytes.Equal(name, "hlt"u8)) { n = Put(code, n, new byte[] { 0xF4 }); }
        else if (Bytes.Equal(name, "in"u8)) { n = Put(code, n, new byte[] { 0xE4, 0x60 }); }         // in al, 0x60
        else if (Bytes.Equal(name, "out"u8)) { n = Put(code, n, new byte[] { 0xE6, 0x80 }); }        // out 0x80, al
        else if (Bytes.Equal(name, "cr3"u8)) { n = Put(code, n, new byte[] { 0x0F, 0x22, 0xD8 }); }    // mov cr3, rax
        else if (Bytes.Equal(name, "wrmsr"u8)) { n = Put(code, n, new byte[] { 0x0F, 0x30 }); }
        else if (Bytes.Equal(name, "lgdt"u8)) { n = Put(code, n, new byte[] { 0x48, 0x8D, 0x44, 0x24, 0xF0, 0x0F, 0x01, 0x10 }); } // lea rax, [rsp-16]; lgdt [rax]
        else if (Bytes.Equal(name, "write-kernel"u8))
        {
            n = MoveRax(code, n, KernelDataAddress());
            n = Put(code, n, new byte[] { 0x48, 0xC7, 0x00, 0x01, 0x00, 0x00, 0x00 });                        // mov qword [rax], 1
        }
        else if (Bytes.Equal(name, "read-kernel"u8))
        {
            n = MoveRax(code, n, KernelDataAddress());
            n = Put(code, n, new byte[] { 0x48, 0x8B, 0x00 });                                        // mov rax, [rax]
        }
        else if (Bytes.Equal(name, "jump-kernel"u8))
        {
            n = MoveRax(code, n, UserMode.KernelCodeAddress);
            n = Put(code, n, new byte[] { 0xFF, 0xE0 });                                            // jmp rax
        }
        else if (Bytes.Equal(name, "jump-stack"u8))
        {
            n = Put(code, n, new byte[] { 0x48, 0x8D, 0x44, 0x24, 0xF0, 0xC6, 0x00, 0xC3, 0xFF, 0xE0 });            // lea rax, [rsp-16]; mov byte [rax], ret; jmp rax
        }
        else if (Bytes.Equal(name, "write-code"u8))
        {
            n = Put(code, n, new byte[] { 0x48, 0x8D, 0x05, 0x00, 0x00, 0x00, 0x00, 0x48, 0xC7, 0x00, 0x01, 0x00, 0x00, 0x00 }); // lea rax, [rip]; mov qword [rax], 1
        }
        else if (Bytes.Equal(name, "int3"u8)) { n = Put(code, n, new byte[] { 0xCC }); }
        else if (Bytes.Equal(name, "divide"u8)) { n = Put(code, n, new byte[] { 0x31, 0xC9, 0xF7, 0xF1 }); } // xor ecx, ecx; div ecx
        else if (Bytes.Equal(name, "unmapped"u8))
        {
            n = MoveRax(code, n, UnmappedAddress);
            n = Put(code, n, new byte[] { 0x48, 0x8B, 0x00 });                                        // mov rax, [rax]
        }
        else if (Bytes.Equal(name, "touch"u8))
        {
            // Stores 1 to the first word of four data pages and sums them back: exit(4).
            n = MoveRax(code, n, DataBase);
            n = Put(code, n, new byte[] { 0xB9, 0x04, 0x00, 0x00, 0x00, 0x31, 0xFF });                        // mov ecx, 4; xor edi, edi
            n = Put(code, n, new byte[] { 0x48, 0xC7, 0x00, 0x01, 0x00, 0x00, 0x00, 0x48, 0x03, 0x38, 0x48, 0x05, 0x00, 0x10, 0x00, 0x00, 0xFF, 0xC9, 0x75, 0xEC });
            n = Put(code, n, new byte[] { 0xB8, 0x3C, 0x00, 0x00, 0x00, 0x0F, 0x05 });                        // mov eax, 60; syscall
        }
        else if (Bytes.Equal(name, "spin"u8)) { n = Put(code, n, new byte[] { 0xEB, 0xFE }); }      // jmp $
        else if (Bytes.Equal(name, "bench"u8))
        {
            n = Put(code, n, new byte[] { 0x0F, 0x31, 0x48, 0xC1, 0xE2, 0x20, 0x48, 0x09, 0xD0, 0x49, 0x89, 0xC4 });    // rdtsc; r12 = edx:eax
            n = Put(code, n, new byte[] { 0xBB });                                                // mov ebx, calls
            n = PutWord(code, n, (uint)BenchCalls);
            n = Put(code, n, new byte[] { 0xB8, 0x27, 0x00, 0x00, 0x00, 0x0F, 0x05, 0xFF, 0xCB, 0x75, 0xF5 });        // getpid; dec ebx; jnz back
            n = Put(code, n, new byte[] { 0x0F, 0x31, 0x48, 0xC1, 0xE2, 0x20, 0x48, 0x09, 0xD0, 0x4C, 0x29, 0xE0, 0x48, 0x89, 0xC7 }); // rdi = tsc - r12
            n = Exit(code, n);
        }

        return n;
    }

    private static int Exit(Span<byte> code, int n) => Put(code, n, new byte[] { 0xB8, 0x3C, 0x00, 0x00, 0x00, 0x0F, 0x05 }); // mov eax, 60; syscall

    private static int MoveRax(Span<byte> code, int n, ulong value)
    {
        n = Put(code, n, new byte[] { 0x48, 0xB8 });
        for (int i = 0; i < 8; i++)
        {
            code[n++] = (byte)(value >> (8 * i));
        }

        return n;
    }

    private static int PutWord(Span<byte> code, int n, uint value)
    {
        for (int i = 0; i < 4; i++)
        {
            code[n++] = (byte)(value >> (8 * i));
        }

        return n;
    }

    private static int Put(Span<byte> code, int n, ReadOnlySpan<byte> bytes)
    {
        for (int i = 0; i < bytes.Length; i++)
        {
            code[n++] = bytes[i];
        }

        return n;
    }

    private static ulong KernelDataAddress()
    {
        fixed (ulong* word = &s_kernelWord)
        {
            return (ulong)word;
        }
    }

    private static void WriteDecimal(ulong value) => TerminalWriter.WriteDecimal(value);

    private static void WriteHex(ulong value) => TerminalWriter.WriteHex(value, 1);
}
