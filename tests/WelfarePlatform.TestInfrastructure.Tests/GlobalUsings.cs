global using Shouldly;
global using WelfarePlatform.TestInfrastructure;
global using Xunit;
