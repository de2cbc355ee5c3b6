// The system-call entry of shared code: the architecture's syscall entry saves the user registers and calls Dispatch,
// which looks the number (Rax) up in SyscallTable, runs the handler with the arguments in Rdi, Rsi, Rdx, R10, R8, R9
// (Linux x86-64 ABI), and puts the result or -errno in Rax. A number without a handler gives ENOSYS and is reported
// once on the console. On the way out, pending signals are acted on (Signals.DeliverPending): a handler's frame is
// pushed over the call's result, or the signal ends the process.
namespace MeghaOS.Syscalls;

using System;
using MeghaOS.Devices;
using MeghaOS.Processes;
using MeghaOS.Text;

/// <summary>Runs system calls.</summary>
public static unsafe class SyscallDispatcher
{
    /// <summary>Numbers below this are looked up in a direct index; above it, only ENOSYS.</summary>
    public const int MaxNumber = 512;

    private static readonly ulong[] s_reported = new ulong[MaxNumber / 64];
    private static bool s_reportedHigh;
    private static ulong s_calls;

    /// <summary>System calls dispatched since boot.</summary>
    public static ulong Calls => s_calls;

    /// <summary>Runs the call the registers describe and writes its result to Rax.</summary>
    public static void Dispatch(UserRegisters* registers)
    {
        s_calls++;
        registers->Rax = (ulong)Invoke(registers);
        Signals.DeliverPending(registers);
    }

    /// <summary>Forgets which unknown numbers were reported (tests).</summary>
    public static void ResetReports()
    {
        for (int i = 0; i < s_reported.Length; i++)
        {
            s_reported[i] = 0;
        }

        s_reportedHigh = false;
        s_calls = 0;
    }

    private static long Invoke(UserRegisters* registers)
    {
        ulong number = registers->Rax;
        int index = number < MaxNumber ? SyscallTable.IndexOf((int)number) : -1;
        if (index >= 0)
        {
            return SyscallTable.Entries[index].Handler(registers);
        }

        ReportOnce(number);
        return -Errno.ENOSYS;
    }

    private static void ReportOnce(ulong number)
    {
        if (number < MaxNumber)
        {
            ulong bit = 1UL << (int)(number % 64);
            if ((s_reported[(int)(number / 64)] & bit) != 0)
            {
                return;
            }

            s_reported[(int)(number / 64)] |= bit;
        }
        else
        {
            if (s_reportedHigh)
            {
                return;
            }

            s_reportedHigh = true;
        }

        Span<byte> line = stackalloc byte[128];
        TextBuilder text = new TextBuilder(line);
        text.Append("syscall: unsupported system call "u8);
        text.AppendDecimal(number);
        Process* process = ProcessTable.Current;
        if (process != null)
        {
            text.Append(" from pid "u8);
            text.AppendDecimal((ulong)process->Id);
            text.Append(" ("u8);
            text.Append(process->NameText);
            text.AppendByte((byte)')');
        }

        text.Append(number < MaxNumber ? ": ENOSYS (reported once)\n"u8 : ": ENOSYS (numbers from 512 on are reported once together)\n"u8);
        Terminal.Write(text.Text);
    }
}
