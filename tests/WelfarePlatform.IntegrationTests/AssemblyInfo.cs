using WelfarePlatform.TestInfrastructure;

// One PostgreSQL, RabbitMQ and Azurite for the whole run; each test class takes its own databases
// and its own RabbitMQ virtual host, so classes running side by side never see each other's data.
[assembly: AssemblyFixture(typeof(InfrastructureFixture))]
