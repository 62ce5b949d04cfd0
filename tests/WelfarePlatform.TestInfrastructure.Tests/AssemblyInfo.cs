using WelfarePlatform.TestInfrastructure;

[assembly: AssemblyFixture(typeof(InfrastructureFixture))]
