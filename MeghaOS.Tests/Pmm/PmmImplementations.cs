// The one list of PMM implementations the contract, handover and model tests run over. Adding an implementation
// to the test suites is one line in All.
namespace MeghaOS.Tests.Pmm;

using System;
using System.Linq;
using MeghaOS.Memory;
using Xunit;

/// <summary>Creates an instance from a memory map (the implementation's static Create).</summary>
public unsafe delegate PmmStatus CreatePmm(void* metadata, ulong metadataBytes, ReadOnlySpan<MemoryRegion> regions,
    ReadOnlySpan<PhysicalRange> reserved, out PmmOperations operations);

/// <summary>Creates an instance holding a given state (the implementation's static TakeOver).</summary>
public unsafe delegate PmmStatus TakeOverPmm(void* metadata, ulong metadataBytes, in FrameStateView current,
    out PmmOperations operations);

/// <summary>Checks an instance's internal consistency.</summary>
public delegate PmmConsistency CheckPmm(in PmmOperations operations);

/// <summary>One PMM implementation as the tests see it: its static entry points.</summary>
public sealed record PmmImplementation(string Name, Func<ulong, ulong> MetadataBytes, ulong MaxFrames,
    CreatePmm Create, TakeOverPmm TakeOver, CheckPmm CheckConsistency);

/// <summary>Every implementation under test.</summary>
public static unsafe class PmmImplementations
{
    /// <summary>The implementations, each with its name in the operations table.</summary>
    public static readonly PmmImplementation[] All =
    {
        new("bitmap", BitmapPmm.MetadataBytes, BitmapPmm.MaxFrames, BitmapPmm.Create, BitmapPmm.TakeOver, BitmapPmm.CheckConsistency),
        new("buddy", BuddyPmm.MetadataBytes, BuddyPmm.MaxFrames, BuddyPmm.Create, BuddyPmm.TakeOver, BuddyPmm.CheckConsistency),
    };

    /// <summary>The implementation named <paramref name="name"/>.</summary>
    public static PmmImplementation Named(string name) => All.Single(implementation => implementation.Name == name);

    /// <summary>Theory data: every implementation's name.</summary>
    public static TheoryData<string> Names
    {
        get
        {
            TheoryData<string> data = new();
            foreach (PmmImplementation implementation in All)
            {
                data.Add(implementation.Name);
            }

            return data;
        }
    }

    /// <summary>Theory data: every ordered pair of implementations (from, to), same ones included.</summary>
    public static TheoryData<string, string> Pairs
    {
        get
        {
            TheoryData<string, string> data = new();
            foreach (PmmImplementation from in All)
            {
                foreach (PmmImplementation to in All)
                {
                    data.Add(from.Name, to.Name);
                }
            }

            return data;
        }
    }
}
