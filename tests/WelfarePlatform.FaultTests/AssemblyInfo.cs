using WelfarePlatform.TestInfrastructure;

// PostgreSQL, RabbitMQ and Azurite of this suite alone: it stops, kills and restarts them.
[assembly: AssemblyFixture(typeof(InfrastructureFixture))]
