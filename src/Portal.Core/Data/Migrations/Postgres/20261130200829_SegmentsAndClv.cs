using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Portal.Core.Data.Migrations.Postgres
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
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    FittedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ObservedUntilUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Currency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    Customers = table.Column<int>(type: "integer", nullable: false),
                    RepeatCustomers = table.Column<int>(type: "integer", nullable: false),
                    R = table.Column<double>(type: "double precision", nullable: false),
                    Alpha = table.Column<double>(type: "double precision", nullable: false),
                    A = table.Column<double>(type: "double precision", nullable: false),
                    B = table.Column<double>(type: "double precision", nullable: false),
                    BgNbdLogLikelihood = table.Column<double>(type: "double precision", nullable: false),
                    P = table.Column<double>(type: "double precision", nullable: false),
                    Q = table.Column<double>(type: "double precision", nullable: false),
                    Gamma = table.Column<double>(type: "double precision", nullable: false),
                    GammaGammaLogLikelihood = table.Column<double>(type: "double precision", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ClvFit", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "CustomerScore",
                columns: table => new
                {
                    CustomerId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Segment = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    PreviousSegment = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    Recency = table.Column<int>(type: "integer", nullable: false),
                    Frequency = table.Column<int>(type: "integer", nullable: false),
                    Monetary = table.Column<int>(type: "integer", nullable: false),
                    LastPurchaseAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Purchases12Months = table.Column<int>(type: "integer", nullable: false),
                    Spend12MonthsMinor = table.Column<long>(type: "bigint", nullable: false),
                    Purchases90Days = table.Column<int>(type: "integer", nullable: false),
                    Spend90DaysMinor = table.Column<long>(type: "bigint", nullable: false),
                    SpendPrior90DaysMinor = table.Column<long>(type: "bigint", nullable: false),
                    RunId = table.Column<long>(type: "bigint", nullable: false),
                    ComputedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
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
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    CustomerId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    RunId = table.Column<long>(type: "bigint", nullable: false),
                    Segment = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    PreviousSegment = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    Recency = table.Column<int>(type: "integer", nullable: false),
                    Frequency = table.Column<int>(type: "integer", nullable: false),
                    Monetary = table.Column<int>(type: "integer", nullable: false),
                    AssignedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
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
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    StartedByUserId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    StartedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    FinishedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    StepsDone = table.Column<int>(type: "integer", nullable: false),
                    StepCount = table.Column<int>(type: "integer", nullable: false),
                    VipThresholdMinor = table.Column<long>(type: "bigint", nullable: false),
                    CustomersScored = table.Column<int>(type: "integer", nullable: false),
                    CustomersChanged = table.Column<int>(type: "integer", nullable: false),
                    DurationMs = table.Column<long>(type: "bigint", nullable: false),
                    Error = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true)
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
