// The base of every test class that shares one booted kernel (SharedQemuFixture): xunit constructs the class for each
// test and disposes it after, so each test starts from the kernel's boot state and is checked for leaked frames,
// whatever the tests before it did or how they failed.
namespace MeghaOS.Tests.EndToEnd;

using System;
using Xunit;

/// <summary>
/// A test class on a shared QEMU session; each of its tests is bracketed by BeginTest and EndTest. Derived classes
/// still carry [Collection("QEMU")] (one QEMU at a time).
/// </summary>
public abstract class SharedQemuTest : IClassFixture<SharedQemuFixture>, IDisposable
{
    private readonly SharedQemuFixture _fixture;

    /// <summary>Resets the shared kernel for the test about to run.</summary>
    protected SharedQemuTest(SharedQemuFixture fixture)
    {
        _fixture = fixture;
        fixture.BeginTest();
    }

    /// <summary>Frees what the test left allocated and fails it if it leaked frames.</summary>
    public void Dispose() => _fixture.EndTest();
}
