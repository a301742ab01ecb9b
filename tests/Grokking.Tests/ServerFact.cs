using Xunit.Abstractions;
using Xunit.Sdk;

namespace Grokking.Tests;

/// <summary>
/// A fact that needs a server or tool (PostgreSQL, Slurm, Chromium): when <see cref="SkipException"/> is thrown
/// (by TestSupport.Available, where the server is missing) the test is reported as skipped with that reason,
/// not as passed. Under GROK_TEST_REQUIRE_SERVERS=1 Available fails instead, as CI wants. xunit 2 has no skip
/// at run time of its own; this is its documented extension point (a test case discoverer), as the
/// Xunit.SkippableFact package does it.
/// </summary>
[XunitTestCaseDiscoverer("Grokking.Tests.ServerFactDiscoverer", "Grokking.Tests")]
[AttributeUsage(AttributeTargets.Method)]
public sealed class ServerFactAttribute : FactAttribute;

/// <summary>Thrown by a test to be reported as skipped (only inside a <see cref="ServerFactAttribute"/> test).</summary>
public sealed class SkipException(string reason) : Exception(reason);

public sealed class ServerFactDiscoverer(IMessageSink diagnostics) : IXunitTestCaseDiscoverer
{
    public IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions options, ITestMethod testMethod, IAttributeInfo factAttribute)
    {
        yield return new ServerTestCase(diagnostics, options.MethodDisplayOrDefault(), options.MethodDisplayOptionsOrDefault(), testMethod);
    }
}

public sealed class ServerTestCase : XunitTestCase
{
    [Obsolete("Called by the de-serializer; should only be called by deriving classes for de-serialization purposes")]
    public ServerTestCase() { }

    public ServerTestCase(IMessageSink diagnostics, TestMethodDisplay display, TestMethodDisplayOptions displayOptions, ITestMethod method)
        : base(diagnostics, display, displayOptions, method) { }

    public override async Task<Xunit.Sdk.RunSummary> RunAsync(IMessageSink diagnosticMessageSink, IMessageBus messageBus,
        object[] constructorArguments, ExceptionAggregator aggregator, CancellationTokenSource cancellationTokenSource)
    {
        var bus = new SkippingBus(messageBus);
        var summary = await base.RunAsync(diagnosticMessageSink, bus, constructorArguments, aggregator, cancellationTokenSource);
        summary.Failed -= bus.Skipped;
        summary.Skipped += bus.Skipped;
        return summary;
    }

    /// <summary>Turns "failed with a SkipException" into "skipped" on its way to the runner.</summary>
    private sealed class SkippingBus(IMessageBus inner) : IMessageBus
    {
        public int Skipped;

        public bool QueueMessage(IMessageSinkMessage message)
        {
            if (message is ITestFailed failed && failed.ExceptionTypes.FirstOrDefault() == typeof(SkipException).FullName)
            {
                Skipped++;
                return inner.QueueMessage(new TestSkipped(failed.Test, failed.Messages.FirstOrDefault() ?? "skipped"));
            }
            return inner.QueueMessage(message);
        }

        public void Dispose() { } // the inner bus belongs to the runner
    }
}
