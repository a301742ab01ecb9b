namespace Grokking.Tests;

public class SkeletonTests
{
    [Fact]
    public void LibraryAssemblyLoads() => Assert.Equal("Grokking", typeof(Grokking.LabInfo).Assembly.GetName().Name);
}
