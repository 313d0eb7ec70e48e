using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Core.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class SegmentsAndClv : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ClvFit",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    FittedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ObservedUntilUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Currency = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false),
                    Customers = table.Column<int>(type: "INTEGER", nullable: false),
                    RepeatCustomers = table.Column<int>(type: "INTEGER", nullable: false),
                    R = table.Column<double>(type: "REAL", nullable: false),
                    Alpha = table.Column<double>(type: "REAL", nullable: false),
                    A = table.Column<double>(type: "REAL", nullable: false),
                    B = table.Column<double>(type: "REAL", nullable: false),
                    BgNbdLogLikelihood = table.Column<double>(type: "REAL", nullable: false),
                    P = table.Column<double>(type: "REAL", nullable: false),
                    Q = table.Column<double>(type: "REAL", nullable: false),
                    Gamma = table.Column<double>(type: "REAL", nullable: false),
                    GammaGammaLogLikelihood = table.Column<double>(type: "REAL", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ClvFit", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "CustomerScore",
                columns: table => new
                {
                    CustomerId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Segment = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    PreviousSegment = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    Recency = table.Column<int>(type: "INTEGER", nullable: false),
                    Frequency = table.Column<int>(type: "INTEGER", nullable: false),
                    Monetary = table.Column<int>(type: "INTEGER", nullable: false),
                    LastPurchaseAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Purchases12Months = table.Column<int>(type: "INTEGER", nullable: false),
                    Spend12MonthsMinor = table.Column<long>(type: "INTEGER", nullable: false),
                    Purchases90Days = table.Column<int>(type: "INTEGER", nullable: false),
                    Spend90DaysMinor = table.Column<long>(type: "INTEGER", nullable: false),
                    SpendPrior90DaysMinor = table.Column<long>(type: "INTEGER", nullable: false),
                    RunId = table.Column<long>(type: "INTEGER", nullable: false),
                    ComputedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CustomerScore", x => x.CustomerId);
                    table.ForeignKey(
                        name: "FK_CustomerScore_AspNetUsers_CustomerId",
                        column: x => x.CustomerId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "SegmentHistoryEntry",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CustomerId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    RunId = table.Column<long>(type: "INTEGER", nullable: false),
                    Segment = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    PreviousSegment = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    Recency = table.Column<int>(type: "INTEGER", nullable: false),
                    Frequency = table.Column<int>(type: "INTEGER", nullable: false),
                    Monetary = table.Column<int>(type: "INTEGER", nullable: false),
                    AssignedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SegmentHistoryEntry", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SegmentHistoryEntry_AspNetUsers_CustomerId",
                        column: x => x.CustomerId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "SegmentRun",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Status = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    StartedByUserId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    StartedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    FinishedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    StepsDone = table.Column<int>(type: "INTEGER", nullable: false),
                    StepCount = table.Column<int>(type: "INTEGER", nullable: false),
                    VipThresholdMinor = table.Column<long>(type: "INTEGER", nullable: false),
                    CustomersScored = table.Column<int>(type: "INTEGER", nullable: false),
                    CustomersChanged = table.Column<int>(type: "INTEGER", nullable: false),
                    DurationMs = table.Column<long>(type: "INTEGER", nullable: false),
                    Error = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SegmentRun", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ClvFit_FittedAtUtc",
                table: "ClvFit",
                column: "FittedAtUtc");

            migrationBuilder.CreateIndex(
                name: "IX_CustomerScore_Segment",
                table: "CustomerScore",
                column: "Segment");

            migrationBuilder.CreateIndex(
                name: "IX_SegmentHistoryEntry_CustomerId_AssignedAtUtc",
                table: "SegmentHistoryEntry",
                columns: new[] { "CustomerId", "AssignedAtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_SegmentHistoryEntry_RunId",
                table: "SegmentHistoryEntry",
                column: "RunId");

            migrationBuilder.CreateIndex(
                name: "IX_SegmentRun_StartedAtUtc",
                table: "SegmentRun",
                column: "StartedAtUtc");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ClvFit");

            migrationBuilder.DropTable(
                name: "CustomerScore");

            migrationBuilder.DropTable(
                name: "SegmentHistoryEntry");

            migrationBuilder.DropTable(
                name: "SegmentRun");
        }
    }
}
