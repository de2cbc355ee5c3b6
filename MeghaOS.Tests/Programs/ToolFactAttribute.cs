// A fact that needs a host tool (gcc, musl-gcc): skipped, with a message naming the tool and the package that brings
// it, when the tool is not on PATH; run as an ordinary fact otherwise.
namespace MeghaOS.Tests.Programs;

using System;
using System.IO;
using System.Linq;
using Xunit;

/// <summary>A [Fact] that runs only where <c>tool</c> is installed.</summary>
public sealed class ToolFactAttribute : FactAttribute
{
    /// <summary>Skips the test unless <paramref name="tool"/> is on PATH.</summary>
    public ToolFactAttribute(string tool, string package)
    {
        if (!IsInstalled(tool))
        {
            Skip = $"{tool} is not installed (apt-get install {package}; scripts/setup.sh installs it)";
        }
    }

    /// <summary>True when an executable named <paramref name="tool"/> is on PATH.</summary>
    public static bool IsInstalled(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Any(directory => File.Exists(Path.Combine(directory, tool)));
}
