using System.Management.Automation;
using Xunit;
namespace PSDocker.Tests;
public class Smoke { [Fact] public void Er() { var r = ErrorMapper.ToErrorRecord(new EndpointResolutionException("X","m",null), "Container", null); Assert.Equal("X", r.FullyQualifiedErrorId); } }
