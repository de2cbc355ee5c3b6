// Every file a document or a source comment names must exist (the rule: SourceReferences.cs). The failure message
// lists every bad reference as file:line: name. A few known ones are allowed below until they are fixed.
namespace MeghaOS.Tests.Docs;

using System;
using System.Collections.Generic;
using System.Linq;
using Xunit;

public sealed class SourceReferenceTests
{
    // "file: name" of references known to be wrong, in files someone else is changing now.
    // TODO: fix each reference, then remove its line here (a line that no longer matches fails AllowedReferencesAreStillWrong).
    private static readonly string[] s_allowed =
    {
    };

    private static string Key(SourceReference reference) => reference.File + ": " + reference.Name;

    [Fact]
    public void EveryNamedFileExists()
    {
        List<SourceReference> missing = SourceReferences.Load().FindMissing()
            .Where(reference => !s_allowed.Contains(Key(reference), StringComparer.Ordinal))
            .ToList();

        Assert.True(
            missing.Count == 0,
            "documents or comments name files that do not exist:\n" + string.Join("\n", missing));
    }

    [Fact]
    public void AllowedReferencesAreStillWrong()
    {
        HashSet<string> wrong = SourceReferences.Load().FindMissing().Select(Key).ToHashSet(StringComparer.Ordinal);
        string[] fixedAlready = s_allowed.Where(allowed => !wrong.Contains(allowed)).ToArray();

        Assert.True(
            fixedAlready.Length == 0,
            "allowed references that are no longer wrong (remove them from s_allowed):\n" + string.Join("\n", fixedAlready));
    }

    [Fact]
    public void TheRepositoryIsFoundAndRead()
    {
        SourceReferences tree = SourceReferences.Load();

        Assert.Contains("MeghaOS.sln", tree.Files);
        Assert.Contains("MeghaOS.Tests/Docs/SourceReferenceTests.cs", tree.Files);
        Assert.DoesNotContain(tree.Files, file => file.Contains("/bin/", StringComparison.Ordinal) || file.Contains("/obj/", StringComparison.Ordinal));
        Assert.Contains(tree.FindAll(), reference => reference.File == "README.md" && reference.Name == "scripts/run.sh");
    }

    [Theory]
    [InlineData("a.cs", "// see Idt.cs, and Boot/Start.asm.", "Idt.cs|Boot/Start.asm")]
    [InlineData("a.cs", "var s = \"Idt.cs\"; // Heap.cs", "Heap.cs")]
    [InlineData("a.cs", "char c = '\"'; /* x.md */ var u = $\"{F(\"y.md\")}z.md\"; // w.md", "x.md|w.md")]
    [InlineData("a.cs", "/// <summary>Reads <c>Foo.cs</c>.</summary>", "Foo.cs")]
    [InlineData("a.asm", "db 'x;y.cs' ; Idt.cs", "Idt.cs")]
    [InlineData("a.sh", "echo ${#a} \"# no.sh\" # yes.sh", "yes.sh")]
    [InlineData("a.csproj", "<None Include=\"no.cs\" /> <!-- yes.cs -->", "yes.cs")]
    [InlineData("a.ld", "/* Runtime/Startup.cs walks */ x.cs", "Runtime/Startup.cs")]
    [InlineData("a.md", "https://example.org/x.md, /etc/grub.cfg, .cs, docs/*.md, Subsystems/<Name>Subsystem.cs", "docs/*.md|Subsystems/<Name>Subsystem.cs")]
    public void FindsNamesInDocumentsAndCommentsOnly(string file, string text, string expected)
    {
        string names = string.Join("|", SourceReferences.FindNames(file, SourceReferences.ReadableText(file, text)!).Select(reference => reference.Name));

        Assert.Equal(expected, names);
    }

    [Theory]
    [InlineData("MeghaOS.Kernel/Boot/Start.asm", "Idt.cs", false)]
    [InlineData("MeghaOS.Kernel/Boot/Start.asm", "InterruptDescriptorTable.cs", true)]
    [InlineData("MeghaOS.Kernel/Boot/Start.asm", "BootLayout.cs", true)]
    [InlineData("docs/kernel.md", "Boot/Start.asm", true)]
    [InlineData("docs/kernel.md", "Runtime/Startup.cs", false)]
    [InlineData("docs/kernel.md", "files.md", true)]
    [InlineData("docs/kernel.md", "../README.md", true)]
    [InlineData("README.md", "docs/kernel.md", true)]
    [InlineData("README.md", "docs/missing.md", false)]
    [InlineData("README.md", "MeghaOS.Kernel/Subsystems/*/<Name>Subsystem.cs", true)]
    [InlineData("README.md", "MeghaOS.Pmm/*/…Checker.cs", true)]
    [InlineData("README.md", "MeghaOS.Pmm/*/…Missing.cs", false)]
    public void ResolvesNamesAgainstTheTree(string referrer, string name, bool exists)
    {
        Assert.Equal(exists, SourceReferences.Load().Resolves(referrer, name));
    }
}
